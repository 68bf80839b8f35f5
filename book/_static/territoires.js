// Accessibility fix for HTML that docutils writes and no template reaches (loaded with defer).
// Bibliography entries come as role="doc-biblioentry" (deprecated in DPUB-ARIA 1.1) inside a
// role="list" container, which must own "listitem" children (axe: aria-required-children).
document.querySelectorAll('[role="doc-biblioentry"]').forEach((entry) => {
  entry.setAttribute("role", "listitem");
});
