// policykit: clicking a clause's link mark also copies the clause's full URL.
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element ? event.target.closest(".pk-policy a.headerlink") : null;
  if (!link || !navigator.clipboard) return;
  var url = new URL(link.getAttribute("href"), location.href).href;
  navigator.clipboard.writeText(url).then(function () {
    link.classList.add("pk-copied");
    setTimeout(function () { link.classList.remove("pk-copied"); }, 1500);
  }, function () { /* copying refused: the link still works */ });
});

// policykit: the printed header says when it was printed and gives the full permanent URL.
function pkFillPrintHeader() {
  var today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll(".pk-print-date").forEach(function (node) { node.textContent = today; });
  document.querySelectorAll("a.pk-permanent").forEach(function (link) {
    link.textContent = new URL(link.getAttribute("href"), location.href).href;
  });
}
document.addEventListener("DOMContentLoaded", pkFillPrintHeader);
window.addEventListener("beforeprint", pkFillPrintHeader);

// policykit: a table wider than the screen scrolls sideways; keyboard users must be able to
// reach it (WCAG 2.1.1, axe scrollable-region-focusable), so such a region takes focus.
function pkFocusableScrollRegions() {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (region) {
    if (region.scrollWidth <= region.clientWidth || region.hasAttribute("tabindex")) return;
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", "Table, scrolls sideways");
  });
}
window.addEventListener("load", pkFocusableScrollRegions);
window.addEventListener("resize", pkFocusableScrollRegions);
