// The browser side of the Python host: the unmodified phoenix and phoenix_live_view clients
// (loaded before this file), connected to /live with the page's CSRF token.
(function () {
  var csrf = document.querySelector("meta[name='csrf-token']").getAttribute("content");
  var liveSocket = new LiveView.LiveSocket("/live", Phoenix.Socket, { params: { _csrf_token: csrf } });
  liveSocket.connect();
  window.liveSocket = liveSocket;
})();
