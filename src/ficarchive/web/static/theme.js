// Reading settings kept in this browser (localStorage), applied before the page
// paints so a dark page never flashes white. Shared by every page.
(function () {
  "use strict";
  var KEY = "ficarchive.reading";
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(settings) {
    try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch (e) { /* private mode: settings last this page */ }
  }
  function apply(settings) {
    root.dataset.theme = settings.theme || "light";
    root.dataset.font = String(settings.font || 3);
    root.dataset.width = settings.width || "medium";
    root.dataset.speakers = settings.speakers ? "on" : "off";
    var toggle = document.getElementById("theme-toggle");
    if (toggle) {
      var dark = root.dataset.theme === "dark";
      toggle.setAttribute("aria-pressed", dark ? "true" : "false");
      toggle.textContent = dark ? "Light mode" : "Dark mode";
    }
  }
  window.ficarchiveSettings = {
    get: load,
    update: function (change) {
      var settings = load();
      for (var k in change) { settings[k] = change[k]; }
      save(settings);
      apply(settings);
      return settings;
    }
  };
  apply(load());
  document.addEventListener("DOMContentLoaded", function () {
    apply(load());
    var toggle = document.getElementById("theme-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        window.ficarchiveSettings.update({ theme: root.dataset.theme === "dark" ? "light" : "dark" });
      });
    }
  });
})();
