import type { ReactiveControllerHost } from 'lit';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { locale } from './locale.ts';

/** Re-renders `host` when the UI's language changes (what `@lit/localize`'s `updateWhenLocaleChanges` does). */
export function localized(host: ReactiveControllerHost): ChangeController<typeof locale> {
  const controller = new ChangeController<typeof locale>(host);
  controller.source = locale;
  return controller;
}
