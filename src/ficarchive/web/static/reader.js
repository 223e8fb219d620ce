// The reading view: comfort settings, the chapter menu, and keyboard navigation.
(function () {
  "use strict";
  var settings = window.ficarchiveSettings;
  var WIDTHS = ["narrow", "medium", "wide"];
  var THEMES = ["light", "sepia", "dark"];

  function next(list, value) { return list[(list.indexOf(value) + 1) % list.length]; }

  var comfort = document.getElementById("comfort");
  if (comfort && settings) {
    var speakers = document.getElementById("show-speakers");
    var sync = function () {
      var s = settings.get();
      if (speakers) { speakers.setAttribute("aria-pressed", s.speakers ? "true" : "false"); }
    };
    comfort.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) { return; }
      var s = settings.get();
      var font = Number(s.font || 3);
      switch (button.dataset.action) {
        case "font-down": settings.update({ font: Math.max(1, font - 1) }); break;
        case "font-up": settings.update({ font: Math.min(7, font + 1) }); break;
        case "width": settings.update({ width: next(WIDTHS, s.width || "medium") }); break;
        case "theme": settings.update({ theme: next(THEMES, s.theme || "light") }); break;
        case "speakers": settings.update({ speakers: !s.speakers }); break;
      }
      sync();
    });
    sync();
  }

  var select = document.getElementById("chapter-select");
  if (select) {
    select.addEventListener("change", function () {
      window.location.href = select.dataset.base + encodeURIComponent(select.value);
    });
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // Chapter by chapter: the page's rel=prev/next links. The whole work: the
  // chapter headings on the page.
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
    if (typing(event.target)) { return; }
    var forward = event.key === "ArrowRight";
    var link = document.querySelector(forward ? 'link[rel="next"]' : 'link[rel="prev"]');
    if (link) {
      event.preventDefault();
      window.location.href = link.getAttribute("href");
      return;
    }
    var chapters = Array.prototype.slice.call(document.querySelectorAll("section.chapter"));
    if (chapters.length < 2) { return; }
    var current = 0;
    chapters.forEach(function (ch, i) { if (ch.getBoundingClientRect().top <= 8) { current = i; } });
    var target = chapters[forward ? Math.min(current + 1, chapters.length - 1) : Math.max(current - 1, 0)];
    if (chapters[current].getBoundingClientRect().top < -8 && !forward) { target = chapters[current]; }
    event.preventDefault();
    target.scrollIntoView();
    history.replaceState(null, "", "#" + target.id);
  });
})();
