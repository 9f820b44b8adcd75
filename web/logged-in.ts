/**
 * The parts of the app only a logged-in person sees: the nav bar, invitations, the way back to an open room, the
 * question before leaving one, and the lobby. Fetched once someone is logged in, so the Log in page does not carry
 * them; each element upgrades itself when this arrives.
 */
import './components/app-nav.ts';
import './components/invite-list.ts';
import './components/leave-dialog.ts';
import './components/room-chip.ts';
import './pages/lobby-page.ts';
