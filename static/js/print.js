/* The print page's button opens the browser's print dialog (no inline handler: the CSP forbids them). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  "use strict";
  button.addEventListener("click", function () {
    window.print();
  });
});
