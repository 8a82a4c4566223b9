import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What a StateController watches: a snapshot, and a `change` event after every update. */
export interface Store<S> extends EventTarget {
  readonly snapshot: S;
}

/**
 * Re-renders its element whenever its store changes. Each app passes its own store
 * (the shop's `app`, the console's `consoleState`), so shared elements never reach for
 * a global (issue 9 "Structure first").
 */
export class StateController<S> implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly store: Store<S>,
  ) {
    host.addController(this);
  }

  get state(): S {
    return this.store.snapshot;
  }

  hostConnected(): void {
    this.store.addEventListener('change', this.changed);
  }

  hostDisconnected(): void {
    this.store.removeEventListener('change', this.changed);
  }

  private readonly changed = () => this.host.requestUpdate();
}
