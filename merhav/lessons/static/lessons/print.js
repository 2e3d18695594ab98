/* The "Print" button of the printable review page (shown only when JavaScript runs). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
