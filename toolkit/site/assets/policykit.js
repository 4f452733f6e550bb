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

// policykit: a link to a clause, a policy or a defined term previews what it leads to, from
// the words the build wrote into its data-pk-preview (a heading line, then one line per
// paragraph), so previews work offline and from file://. The words are set as text, never
// as HTML. Mouse: on hover (the popover can be hovered in turn). Keyboard: on focus.
// Touch: the first tap previews and offers "Go to ..."; a second tap on the link follows it.
// (A long-press is the phone's own link menu, and nothing tells a reader it exists.)
// Escape, or a tap or click elsewhere, closes it.
(function () {
  var PREVIEWED = "a[data-pk-preview]";
  var popover = null, owner = null, showTimer = 0, hideTimer = 0;
  var touched = null, byPointer = false;

  function previewed(target) {
    return target instanceof Element ? target.closest(PREVIEWED) : null;
  }

  function inPopover(target) {
    return popover !== null && target instanceof Node && popover.contains(target);
  }

  function build() {
    popover = document.createElement("div");
    popover.id = "pk-preview";
    popover.className = "pk-preview md-typeset";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    // Inside the main landmark, so a screen reader finds it in the page's structure.
    (document.querySelector("main") || document.body).appendChild(popover);
    popover.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse") hideSoon();
    });
  }

  function goLabel(link) {
    if (link.classList.contains("pk-term") || link.hash.indexOf("#def-") === 0) {
      return "Go to the definition";
    }
    return link.hash && link.hash !== "#top" ? "Go to the clause" : "Open the policy";
  }

  // A later link to the same place carries an empty preview: the first one holds the words.
  function words(link) {
    var own = link.getAttribute("data-pk-preview"), href = link.getAttribute("href");
    if (own) return own;
    var first = Array.prototype.find.call(document.querySelectorAll(PREVIEWED), function (other) {
      return other.getAttribute("href") === href && other.getAttribute("data-pk-preview");
    });
    return first ? first.getAttribute("data-pk-preview") : "";
  }

  function fill(link) {
    var lines = words(link).split("\n");
    popover.replaceChildren();
    var head = document.createElement("p");
    head.className = "pk-preview-head";
    head.textContent = lines[0];
    popover.appendChild(head);
    lines.slice(1).forEach(function (line) {
      var text = document.createElement("p");
      text.textContent = line;
      popover.appendChild(text);
    });
    var go = document.createElement("a");
    go.className = "pk-preview-go";
    go.href = link.href;
    go.textContent = goLabel(link);
    go.tabIndex = -1; // keyboard readers follow the link itself
    popover.appendChild(go);
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = popover.offsetWidth, height = popover.offsetHeight;
    var left = Math.min(Math.max(8, box.left), window.innerWidth - width - 8);
    var below = box.bottom + 6 + height <= window.innerHeight || box.top < height + 6;
    var top = below ? box.bottom + 6 : box.top - height - 6;
    popover.style.left = Math.max(8, left) + "px";
    popover.style.top = top + "px";
  }

  function show(link) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (popover === null) build();
    if (owner !== link) {
      hide();
      fill(link);
      owner = link;
      link.setAttribute("aria-describedby", "pk-preview");
    }
    popover.hidden = false;
    place(link);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (owner !== null) owner.removeAttribute("aria-describedby");
    owner = null;
    if (popover !== null) popover.hidden = true;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  document.addEventListener("pointerover", function (event) {
    var link = previewed(event.target);
    if (event.pointerType !== "mouse" || !link) return;
    clearTimeout(hideTimer);
    if (link !== owner) {
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(link); }, 150);
    }
  });
  document.addEventListener("pointerout", function (event) {
    var link = previewed(event.target);
    if (event.pointerType !== "mouse" || !link) return;
    if (link.contains(event.relatedTarget) || inPopover(event.relatedTarget)) return;
    hideSoon();
  });
  document.addEventListener("pointerdown", function (event) {
    byPointer = true;
    touched = event.pointerType === "mouse" ? null : previewed(event.target);
  }, true);
  document.addEventListener("keydown", function (event) {
    byPointer = false;
    if (event.key === "Escape" && owner !== null) hide();
  });
  document.addEventListener("focusin", function (event) {
    var link = previewed(event.target);
    if (link && !byPointer) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === owner && !byPointer && !inPopover(event.relatedTarget)) hide();
  });
  document.addEventListener("click", function (event) {
    var link = previewed(event.target);
    if (link && link === touched && link !== owner) {
      event.preventDefault(); // first tap: preview; a second tap follows the link
      show(link);
    } else if (owner !== null && !inPopover(event.target) && link !== owner) {
      hide();
    }
    touched = null;
  });
  window.addEventListener("resize", function () { if (owner !== null) place(owner); });
  window.addEventListener("scroll", function () { if (owner !== null) place(owner); },
                          {passive: true});
  window.addEventListener("hashchange", hide);
})();
