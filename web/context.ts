import { createContext } from '@lit/context';
import type { Services } from './services/services.ts';

/** The browser services, provided by the app shell (`dialog-app`) to every page and component below it. */
export const servicesContext = createContext<Services>(Symbol('dialog.services'));
