// The browser side of livediff: the unmodified phoenix and phoenix_live_view clients, connected
// to the server's /live socket with the page's CSRF token. Bundled at build time.
import { Socket } from "phoenix";
import { LiveSocket } from "phoenix_live_view";

const csrfToken = document.querySelector("meta[name='csrf-token']")?.getAttribute("content");
const liveSocket = new LiveSocket("/live", Socket, {
  params: { _csrf_token: csrfToken },
  hooks: window.livediffHooks || {},
});
liveSocket.connect();
window.liveSocket = liveSocket;
