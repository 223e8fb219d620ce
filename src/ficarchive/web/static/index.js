// The filter sidebar: a tag is either included or excluded, never both.
(function () {
  "use strict";
  var form = document.getElementById("filter-form");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked || (box.name !== "inc" && box.name !== "exc")) { return; }
    var other = form.querySelector('input[name="' + (box.name === "inc" ? "exc" : "inc") + '"][id="' +
      (box.name === "inc" ? "exc" : "inc") + box.id.slice(3) + '"]');
    if (other) { other.checked = false; }
  });
})();
