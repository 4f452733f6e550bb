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
