// Accessibility fixes for HTML that docutils and myst-nb write and no template reaches
// (loaded with defer: the document is parsed when this runs).

// Bibliography entries come as role="doc-biblioentry" (deprecated in DPUB-ARIA 1.1) inside a
// role="list" container, which must own "listitem" children (axe: aria-required-children).
document.querySelectorAll('[role="doc-biblioentry"]').forEach((entry) => {
  entry.setAttribute("role", "listitem");
});

// Hidden code cells: myst-nb labels the <summary> "Toggle hidden content" while it shows
// "Afficher le code…": a name that does not contain the visible text (axe:
// label-content-name-mismatch). Without aria-label, the name is the visible text.
document.querySelectorAll("details.hide > summary[aria-label]").forEach((summary) => {
  summary.removeAttribute("aria-label");
});

// Charts are drawn at the desktop column's width (704 px) with text at 80 % of the body size.
// On a narrower screen (a phone), shrinking them would shrink their text below reading size:
// each chart sits in a strip that scrolls sideways at the chart's own size instead, reachable
// with the keyboard and named for screen readers (axe: scrollable-region-focusable).
document.querySelectorAll("figure > img").forEach((img) => {
  const strip = document.createElement("div");
  strip.className = "graphique-defilant";
  strip.tabIndex = 0;
  strip.setAttribute("role", "group");
  strip.setAttribute("aria-label", "Graphique à faire défiler horizontalement");
  img.replaceWith(strip);
  strip.appendChild(img);
});
