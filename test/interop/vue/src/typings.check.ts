// Type-checked (not bundled) by run.mjs: the generated Vue typings give the tags typed props and events.
import type { GlobalComponents } from 'vue';
import type { SessionState } from 'session-elements/core';

type ProviderProps = InstanceType<GlobalComponents['session-provider']>['$props'];
const onChange: NonNullable<ProviderProps['onsession-change']> = (e) => {
  const state: SessionState = e.detail;
  void state;
};
// @ts-expect-error storage-key takes a string
const storageKey: ProviderProps['storage-key'] = 1;
void onChange, storageKey;
