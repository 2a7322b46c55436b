/* sopdoc: the print date of a procedure printed from the site ("uncontrolled copy once printed"). */
(function () {
  function stamp() {
    var today = new Date().toLocaleDateString(document.documentElement.lang || undefined,
      { year: "numeric", month: "long", day: "numeric" });
    document.querySelectorAll(".sopdoc-print-date").forEach(function (node) { node.textContent = today; });
  }
  window.addEventListener("beforeprint", stamp);
})();
