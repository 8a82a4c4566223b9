import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { app, type Snapshot } from './app-state';

/** Re-renders its element whenever the app state changes. */
export class StateController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get state(): Snapshot {
    return app.snapshot;
  }

  hostConnected(): void {
    app.addEventListener('change', this.changed);
  }

  hostDisconnected(): void {
    app.removeEventListener('change', this.changed);
  }

  private readonly changed = () => this.host.requestUpdate();
}
