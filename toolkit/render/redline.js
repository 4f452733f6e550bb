// policykit redline: remember the view and the toggles across reloads.
// Everything else (filters, views, toggles) is CSS on plain form controls; without
// this script, or where storage is refused (some file:// setups, private modes),
// the page works the same and just starts from its defaults.
(function () {
  "use strict";
  if (window.pkRedlineRemembers) return;  // a page may hold several redlines, each with a copy
  window.pkRedlineRemembers = true;
  var KEY = "policykit-redline";

  function load() {
    try {
      var state = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return state && typeof state === "object" ? state : {};
    } catch (error) {
      return {};
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) { /* storage refused: nothing is remembered */ }
  }

  function remembered(root) {
    return root.querySelectorAll("input[data-remember]");
  }

  function restore() {
    var state = load();
    document.querySelectorAll(".pk-redline").forEach(function (redline) {
      remembered(redline).forEach(function (input) {
        var name = input.getAttribute("data-remember");
        if (Object.prototype.hasOwnProperty.call(state, name)) input.checked = state[name] === true;
      });
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-remember")) return;
    var state = load();
    remembered(input.closest(".pk-redline") || document).forEach(function (each) {
      state[each.getAttribute("data-remember")] = each.checked;
    });
    save(state);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
