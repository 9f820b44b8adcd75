/** Boot: creates the services once, hands them to the app shell, and asks the server who is logged in. */
import './dialog-app.ts';
import { createServices } from './services/services.ts';

const services = createServices();
services.router.start();
const app = document.querySelector('dialog-app') ?? document.body.appendChild(document.createElement('dialog-app'));
app.services = services;
void services.session.load();
