/**
 * `session-elements/vue`: `useSession()` for Vue 3 components inside a `<session-provider>`.
 * Does not define the elements (`import 'session-elements'` does). Not part of the CDN file.
 */
import { getCurrentInstance, onBeforeUnmount, onMounted, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ContextEvent, ContextRoot, type Context } from '@lit/context';
import { sessionControllerContext, sessionStateContext } from './context.js';
import type { SessionController } from './core/controller.js';
import { SessionError } from './core/errors.js';
import type { SessionState } from './core/types.js';

const root = Symbol.for('session-elements:context-root');

export interface UseSession {
  /** The current `SessionState` snapshot; undefined until a provider answers. */
  state: Readonly<ShallowRef<SessionState | undefined>>;
  /** The provider's `SessionController` (`login`, `logout`, `fetch`…); undefined until a provider answers. */
  controller: Readonly<ShallowRef<SessionController | undefined>>;
}

/**
 * The session of the nearest `<session-provider>` around this component, over the context
 * protocol: `state` changes with every new snapshot. Asks from the component's root element once
 * mounted (or from `target`, for a component whose root is not inside the provider) and stops
 * listening on unmount. Shallow refs: the snapshot and controller are never wrapped in Proxies.
 */
export function useSession(target?: Ref<Element | null | undefined>): UseSession {
  const instance = getCurrentInstance();
  if (!instance) {
    throw new SessionError('config', undefined, undefined, {
      hint: "useSession() was called outside a component: call useSession() from a component's setup(), whose element is inside a <session-provider>",
    });
  }
  const state = shallowRef<SessionState>();
  const controller = shallowRef<SessionController>();
  const offs: (() => void)[] = [];
  onMounted(() => {
    // The same root define.js attaches: a request made before the elements are defined (loaded
    // later, or from a CDN) waits there and is answered once the provider connects.
    const doc = document as Document & { [root]?: true };
    if (!doc[root]) {
      doc[root] = true;
      new ContextRoot().attach(doc.documentElement);
    }
    // A component with several root nodes has a text node as $el: it sits in the DOM too, and events bubble from it.
    const from: Node | null | undefined = target ? target.value : instance.proxy?.$el;
    if (!from) {
      throw new SessionError('config', undefined, undefined, {
        hint: 'useSession() has no element to ask from: the target ref passed to useSession() is empty when the component mounts; bind it with ref="…" on an element inside the <session-provider>',
      });
    }
    const ask = <T>(context: Context<unknown, T>, into: ShallowRef<T | undefined>) => {
      // `offs` holds the callback strongly: a waiting request is kept by ContextRoot only weakly.
      const sub = {
        off: undefined as (() => void) | undefined,
        got: (value: T, unsubscribe?: () => void) => {
          if (sub.off && sub.off !== unsubscribe) sub.off(); // a closer provider took over
          sub.off = unsubscribe;
          into.value = value;
        },
      };
      from.dispatchEvent(new ContextEvent(context, from as Element, sub.got, true));
      offs.push(() => sub.off?.());
    };
    ask(sessionControllerContext, controller);
    ask(sessionStateContext, state);
  });
  onBeforeUnmount(() => offs.splice(0).forEach((off) => off()));
  return { state, controller };
}
