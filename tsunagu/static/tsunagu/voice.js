// The remaining-character count under a voice box, counted as people see characters (grapheme clusters),
// like the server does. Only a hint: without this script the page says the limit, and the server decides.
(() => {
  const segmenter = "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  const graphemes = (text) => (segmenter ? [...segmenter.segment(text)].length : [...text].length);

  function bind(area) {
    const output = document.getElementById(`${area.id}-count`);
    if (!output || area.dataset.countBound) return;
    area.dataset.countBound = "true";
    const max = Number(area.dataset.graphemeMax);
    const update = () => {
      const left = max - graphemes(area.value.normalize("NFC").trim());
      const template = left >= 0 ? output.dataset.countLeft : output.dataset.countOver;
      output.textContent = template.replace("__COUNT__", String(Math.abs(left)));
      output.classList.toggle("is-over", left < 0);
      output.dataset.left = String(left);
    };
    area.addEventListener("input", update);
    update();
  }

  const bindAll = (root) => root.querySelectorAll("textarea[data-grapheme-max]").forEach(bind);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => bindAll(document));
  } else {
    bindAll(document);
  }
})();
