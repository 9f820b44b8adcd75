/**
 * Boot: picks the language (a Russian reader waits for its catalog, so the page never flashes English), creates the
 * services once, hands them to the app shell, and asks the server who is logged in.
 */
import './dialog-app.ts';
import { locale } from './i18n/locale.ts';
import { createServices } from './services/services.ts';

await locale.start();

const services = createServices();
services.router.start();
const app = document.querySelector('dialog-app') ?? document.body.appendChild(document.createElement('dialog-app'));
app.services = services;
void services.session.load();
