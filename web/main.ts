/** Boot: registers the app shell; it creates the services it needs. */
import './components/dialog-app.ts';
