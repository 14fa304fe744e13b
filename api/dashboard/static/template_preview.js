// Live preview of an e-mail template: as the source changes, the draft is sent to the preview
// endpoint (the same sandboxed render as the Preview button) and the result, or the error
// beside its field, replaces the previous one. Without this script the Preview button works.
(function () {
  "use strict";
  var form = document.getElementById("template-form");
  if (!form) { return; }
  var state = document.getElementById("preview-state");
  var fields = ["subject", "html", "text"];
  var timer = null;
  var sent = 0;

  function showErrors(errors) {
    fields.forEach(function (name) {
      var input = document.getElementById(name);
      var error = document.getElementById("err-" + name);
      var message = errors[name] || "";
      error.textContent = message;
      error.hidden = !message;
      if (message) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", "err-" + name);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    });
  }

  function refresh() {
    var mine = ++sent;
    state.textContent = "Rendering…";
    fetch(form.dataset.preview, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      if (mine !== sent) { return; }  // an older answer arriving late
      showErrors(answer.body.errors || {});
      var preview = answer.body.preview;
      if (preview) {
        document.getElementById("preview-subject").textContent = preview.subject;
        document.getElementById("preview-html").srcdoc = preview.html;
        document.getElementById("preview-text").textContent = preview.text;
        state.textContent = "Rendered from the source on the left.";
      } else {
        state.textContent = "Not rendered: fix the error beside the field.";
      }
    }).catch(function () {
      if (mine === sent) { state.textContent = "The preview could not be fetched; use Preview."; }
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  form.dataset.live = "on";
}());
