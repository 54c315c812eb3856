// The entry form, made quicker to fill on a desktop or a phone. Without this script it still works:
// every field is shown, Enter saves the draft, the browser does not ask before leaving.
// - Enter in a number goes to the next number (the last one goes to the "save draft" button);
// - a comment field shows on demand ("Thêm ghi chú"), unless it holds text or an error;
// - after a failed save, the list of errors takes the focus (a screen reader reads it first);
// - leaving the page with input not saved asks first.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  if (!form) {
    return;
  }

  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  const numbers = Array.from(form.querySelectorAll("input.num-input"));
  const saveButton = form.querySelector('button[name="action"][value="save"]');
  numbers.forEach(function (input, index) {
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) {
        return;
      }
      event.preventDefault();
      const next = numbers[index + 1] || saveButton;
      next.focus();
      if (next.select) {
        next.select();
      }
    });
  });

  form.querySelectorAll(".entry-comment").forEach(function (column) {
    const input = column.querySelector("input");
    if (!input || input.value || column.querySelector(".is-invalid")) {
      return;
    }
    column.classList.add("d-none");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm px-0 entry-comment-toggle";
    button.textContent = form.dataset.commentLabel;
    button.setAttribute("aria-controls", input.id);
    button.addEventListener("click", function () {
      column.classList.remove("d-none");
      button.remove();
      input.focus();
    });
    column.parentElement.insertBefore(button, column);
  });

  let unsaved = false;
  form.addEventListener("input", function () {
    unsaved = true;
  });
  form.addEventListener("submit", function () {
    unsaved = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
