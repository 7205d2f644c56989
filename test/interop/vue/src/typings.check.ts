// Type-checked (not bundled) by run.mjs: the generated Vue typings give the tags typed props and
// events, and the useSession() composable typed refs.
import type { GlobalComponents } from 'vue';
import type { SessionState } from 'session-elements/core';
import { useSession } from 'session-elements/vue';

type ProviderProps = InstanceType<GlobalComponents['session-provider']>['$props'];
const onChange: NonNullable<ProviderProps['onsession-change']> = (e) => {
  const state: SessionState = e.detail;
  void state;
};
// @ts-expect-error storage-key takes a string
const storageKey: ProviderProps['storage-key'] = 1;
void onChange, storageKey;

export function setup() {
  const { state, controller } = useSession();
  const status: 'loading' | 'authenticated' | 'unauthenticated' | undefined = state.value?.status;
  void controller.value?.logout();
  // @ts-expect-error the state is the provider's: read-only here
  state.value = undefined;
  return { status };
}
