// policykit: search that stays fast at a thousand policies. Loaded before the theme (as a
// polyfill, after the iframe-worker shim), it starts our worker (pk-search-worker.js)
// where the theme starts its lunr worker, tells it where the split index lives
// (pk-search/, written by toolkit/site/search.py) instead of handing it the theme's index,
// and keeps the reader's choice to include superseded versions (remembered on this device).
(function () {
  "use strict";
  var Base = window.Worker;
  if (typeof Base !== "function") return;

  var SETUP = 0, QUERY = 2, RESULT = 3, OPTIONS = 100;
  var REMEMBERED = "policykit.search.superseded";
  var here = document.currentScript ? document.currentScript.src : location.href;
  var WORKER = new URL("pk-search-worker.js", here).href;
  var INDEX = new URL("../../pk-search/", here).href;
  var search = null; // { post }: the running worker's own postMessage

  function superseded() {
    try { return localStorage.getItem(REMEMBERED) === "true"; } catch (error) { return false; }
  }

  function remember(value) {
    try { localStorage.setItem(REMEMBERED, String(value)); } catch (error) { /* private mode */ }
  }

  function SearchWorker(url, options) {
    if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) return new Base(url, options);
    var worker = new Base(WORKER, options);
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message) {
      if (message && message.type === SETUP)
        message = { type: SETUP, data: { base: INDEX, superseded: superseded() } };
      return post(message);
    };
    worker.addEventListener("message", function (event) {
      if (event.data && event.data.type === RESULT) showTotal(event.data.data);
    });
    search = { post: post };
    return worker;
  }
  SearchWorker.prototype = Base.prototype;
  window.Worker = SearchWorker;

  // The results list the best pages only: say how many matched in all.
  function showTotal(result) {
    if (!result || !(result.total > result.items.length)) return;
    setTimeout(function () { // after the theme has written its own count
      var meta = document.querySelector(".md-search-result__meta");
      if (meta) meta.textContent = "The best " + result.items.length + " of " +
        result.total + " matching pages";
    }, 0);
  }

  function setUpToggle() {
    var box = document.querySelector("[data-pk-search-superseded]");
    if (!box) return;
    box.checked = superseded();
    box.addEventListener("change", function () {
      remember(box.checked);
      if (!search) return;
      search.post({ type: OPTIONS, data: { superseded: box.checked } });
      var input = document.querySelector("input.md-search__input");
      if (input && input.value) search.post({ type: QUERY, data: input.value });
    });
  }

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", setUpToggle);
  else
    setUpToggle();
})();
