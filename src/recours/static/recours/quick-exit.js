// Quick exit: leave for a neutral site and replace this page in the history, so the back
// button does not return here. Also bound to Escape pressed twice within one second.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-quick-exit-url");
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(target);
  }
  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { leave(event); }
    lastEscape = now;
  });
}());
