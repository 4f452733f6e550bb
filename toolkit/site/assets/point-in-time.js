// policykit: time on the site, with no server and no fetch (it works from file://).
// - history pages: a date field names the text in force that day, read from the timeline's
//   data-from / data-until (ISO dates compare as strings; "" means not recorded);
// - the "changes since" bulletin: a date field (or ?since=YYYY-MM-DD) hides older changes;
// - "cite this version": the permanent address is written out in full.
(function () {
  "use strict";

  function text(node, value) { node.textContent = value; }

  function link(href, label) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    return a;
  }

  // The state in force on `day`, or a reason why the record cannot tell.
  function stateOn(states, day) {
    var found = -1;
    for (var i = 0; i < states.length; i++) {
      var from = states[i].dataset.from;
      if (!from) {
        if (found === i - 1) return { unknown: states[i] };
        continue;
      }
      if (from <= day) found = i; else break;
    }
    if (found === -1) {
      var first = states[0];
      return first && first.dataset.from ? { before: first } : { unknown: first };
    }
    return { state: states[found] };
  }

  function describe(states, day) {
    var answer = stateOn(states, day);
    var parts = [];
    if (answer.state) {
      var s = answer.state;
      parts.push("On " + day + " the text in force was ");
      parts.push(link(s.dataset.href, s.dataset.name));
      parts.push(" (in force from " + s.dataset.from +
                 (s.dataset.until ? " until " + s.dataset.until : "") + ").");
    } else if (answer.before) {
      parts.push("No text of this policy was in force on " + day + ": the first, ");
      parts.push(link(answer.before.dataset.href, answer.before.dataset.name));
      parts.push(", took effect on " + answer.before.dataset.from + ".");
    } else {
      parts.push("The record does not say when ");
      parts.push(answer.unknown ? link(answer.unknown.dataset.href, answer.unknown.dataset.name)
                                : "these texts");
      parts.push(" took effect, so the text in force on " + day +
                 " cannot be told; the timeline below gives their order.");
    }
    return parts;
  }

  function setUpPicker(form) {
    var input = form.querySelector("input[type=date]");
    var result = form.querySelector(".pk-in-force-result");
    var states = Array.prototype.slice.call(document.querySelectorAll(".pk-timeline > li[data-state]"));
    function show() {
      if (!input.value) return;
      result.replaceChildren.apply(result, describe(states, input.value));
    }
    input.addEventListener("change", show);
    input.addEventListener("input", show);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
      var target = result.querySelector("a");
      if (target && result.textContent.indexOf("text in force was") !== -1) location.href = target.href;
    });
  }

  function setUpBulletin(form) {
    var input = form.querySelector("input[type=date]");
    var heading = document.querySelector(".pk-since-date");
    var count = document.querySelector(".pk-bulletin-count");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".pk-bulletin-entry"));
    function show(since) {
      var shown = 0, undated = 0;
      entries.forEach(function (entry) {
        var day = entry.dataset.date;
        var keep = !since || (day && day >= since);
        if (since && !day) undated += 1;
        entry.hidden = !keep;
        if (keep) shown += 1;
      });
      if (heading) text(heading, since || "the first text on record");
      if (count) {
        text(count, shown + " change(s) listed." + (undated ? " " + undated +
             " change(s) with no recorded date are not listed; see each policy's history." : ""));
      }
    }
    var wanted = new URLSearchParams(location.search).get("since");
    if (wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted)) input.value = wanted;
    show(input.value);
    input.addEventListener("change", function () { show(input.value); });
    form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
    var print = form.querySelector(".pk-print");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  function setUp() {
    document.querySelectorAll("form.pk-point-in-time:not([data-ready])").forEach(function (form) {
      form.dataset.ready = "";
      setUpPicker(form);
    });
    document.querySelectorAll("form.pk-changes-since:not([data-ready])").forEach(function (form) {
      form.dataset.ready = "";
      setUpBulletin(form);
    });
    document.querySelectorAll("a.pk-cite-url").forEach(function (a) { text(a, a.href); });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
