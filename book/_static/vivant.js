// Live assumptions (issue 20): the reader moves a chapter's main assumptions in the page.
//
// The chapter's notebook ships a hidden block, <div class="vivant-bloc">, holding the results of
// the chapter's Python model computed at build time over the grid of the controls
// (territoires.vivant): every number is already a French string. This script only builds the
// controls, looks the chosen point up, puts its strings in the marked spans of the text
// ([{glue:text}`key`]{.vivant .vivant-key} in the Markdown) and redraws the chart (SVG). It never
// formats a number, never evaluates anything read from the address, and writes text with
// textContent only. The address keeps the view (?taux_reussite=30); without JavaScript the page
// stays the static page.
(() => {
  "use strict";

  const NNBSP = "\u202f";
  const SVG = "http://www.w3.org/2000/svg";
  // Parameters of the address that belong to Sphinx (search highlighting), not to the model.
  const OTHERS = new Set(["highlight"]);
  const FORMAT = 1;
  const WIDTH = 704;
  const HEIGHT = 380;
  const MARGIN = { left: 62, right: 18, top: 14, bottom: 50 };

  function element(tag, attributes = {}, text = null) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== null) node.textContent = text;
    return node;
  }

  function svgElement(tag, attributes = {}, text = null) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== null) node.textContent = text;
    return node;
  }

  // « Taux de réussite » → « taux de réussite » inside a sentence (only the first letter: l'Audomarois stays).
  function lower(text) {
    return text.charAt(0).toLowerCase() + text.slice(1);
  }

  function cut(text) {
    const shown = String(text);
    return shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
  }

  // --- the chart ---------------------------------------------------------------------------

  function scale(axis, from, to) {
    if (axis.log) {
      const low = Math.log10(axis.min);
      const high = Math.log10(axis.max);
      return (v) => (v > 0 ? from + ((Math.log10(v) - low) / (high - low)) * (to - from) : NaN);
    }
    return (v) => from + ((v - axis.min) / (axis.max - axis.min)) * (to - from);
  }

  function draw(figure, chart, words, id) {
    const svg = figure.querySelector("svg");
    const legend = figure.querySelector(".vivant-legende");
    svg.replaceChildren();
    legend.replaceChildren();
    const fond = chart.fond;
    const marks = chart.marques || {};
    const title = words.titre ?? fond.titre ?? "";
    svg.append(svgElement("title", { id: `${id}-titre` }, title));
    svg.append(svgElement("desc", { id: `${id}-desc` }, fond.description || ""));
    const left = MARGIN.left;
    const right = WIDTH - MARGIN.right;
    const top = MARGIN.top;
    const bottom = HEIGHT - MARGIN.bottom;
    const x = scale(fond.x, left, right);
    const y = scale(fond.y, bottom, top);
    const clip = svgElement("clipPath", { id: `${id}-cadre` });
    clip.append(svgElement("rect", { x: left, y: top, width: right - left, height: bottom - top }));
    svg.append(clip);
    const grid = svgElement("g", { class: "vivant-axes" });
    for (const [value, label] of fond.y.graduations) {
      const py = y(value);
      grid.append(svgElement("line", { x1: left, x2: right, y1: py, y2: py, class: "vivant-grille" }));
      grid.append(svgElement("text", { x: left - 6, y: py + 4, "text-anchor": "end" }, label));
    }
    for (const [value, label] of fond.x.graduations) {
      const px = x(value);
      grid.append(svgElement("line", { x1: px, x2: px, y1: bottom, y2: bottom + 5, class: "vivant-trait" }));
      grid.append(svgElement("text", { x: px, y: bottom + 18, "text-anchor": "middle" }, label));
    }
    grid.append(svgElement("line", { x1: left, x2: right, y1: bottom, y2: bottom, class: "vivant-trait" }));
    grid.append(svgElement("line", { x1: left, x2: left, y1: top, y2: bottom, class: "vivant-trait" }));
    grid.append(svgElement("text", { x: (left + right) / 2, y: HEIGHT - 8, "text-anchor": "middle" }, fond.x.titre));
    const yTitle = svgElement("text", { x: 0, y: 0, "text-anchor": "middle" }, fond.y.titre);
    yTitle.setAttribute("transform", `translate(14 ${(top + bottom) / 2}) rotate(-90)`);
    grid.append(yTitle);
    svg.append(grid);
    const plot = svgElement("g", { "clip-path": `url(#${id}-cadre)` });
    for (const mark of fond.reperes || []) {
      const line =
        mark.axe === "y"
          ? { x1: left, x2: right, y1: y(mark.valeur), y2: y(mark.valeur) }
          : { x1: x(mark.valeur), x2: x(mark.valeur), y1: top, y2: bottom };
      plot.append(svgElement("line", { ...line, class: "vivant-repere", stroke: mark.couleur || "#6E6E6E" }));
      if (mark.texte) {
        const at = mark.axe === "y" ? { x: left + 4, y: line.y1 - 4 } : { x: line.x1 + 4, y: top + 12 };
        plot.append(svgElement("text", { ...at, class: "vivant-repere-texte" }, mark.texte));
      }
    }
    if (marks.verticale !== undefined) {
      const px = x(marks.verticale);
      plot.append(svgElement("line", { x1: px, x2: px, y1: top, y2: bottom, class: "vivant-repere" }));
    }
    fond.series.forEach((serie, index) => {
      const points = serie.y
        .map((value, i) => [x(fond.xs[i]), y(value)])
        .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
      const accent = marks.accent === index;
      plot.append(
        svgElement("polyline", {
          points: points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" "),
          fill: "none",
          stroke: serie.couleur,
          "stroke-width": accent ? 3.2 : 1.6,
          ...(serie.tirets ? { "stroke-dasharray": serie.tirets } : {}),
        }),
      );
      const item = element("li", accent ? { class: "vivant-accent" } : {});
      const swatch = element("span", { class: "vivant-pastille", "aria-hidden": "true" });
      if (serie.tirets) {
        swatch.style.borderTop = `3px dashed ${serie.couleur}`;
      } else {
        swatch.style.backgroundColor = serie.couleur;
      }
      item.append(swatch, document.createTextNode(serie.nom));
      legend.append(item);
    });
    svg.append(plot);
    for (const point of marks.points || []) {
      const px = x(point.x);
      const py = y(point.y);
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      const colour = point.couleur || fond.series[point.serie]?.couleur || "#000000";
      const shape = point.forme === "losange"
        ? svgElement("rect", { x: px - 5, y: py - 5, width: 10, height: 10, transform: `rotate(45 ${px} ${py})` })
        : svgElement("circle", { cx: px, cy: py, r: 5 });
      for (const [name, value] of Object.entries({ fill: colour, stroke: "#ffffff", "stroke-width": 1.5 })) {
        shape.setAttribute(name, value);
      }
      svg.append(shape);
      if (point.etiquette && words[point.etiquette]) {
        const anchor = px > (left + right) / 2 ? "end" : "start";
        const dx = anchor === "end" ? -8 : 8;
        svg.append(
          svgElement("text", { x: px + dx, y: py - 8, "text-anchor": anchor, class: "vivant-etiquette" }, words[point.etiquette]),
        );
      }
    }
  }

  // --- one chapter's live view -----------------------------------------------------------

  class Vue {
    constructor(block, data) {
      this.block = block;
      this.data = data;
      this.stem = data.chapitre;
      this.origin = data.origine === "scénario" ? "scénario" : "livre"; // a scenario's variant book
      this.id = `vivant-${this.stem}`;
      this.controls = data.controles;
      this.state = this.controls.map((c) => c.defaut);
      this.spans = new Map();
      for (const span of document.querySelectorAll("span.vivant")) {
        const key = [...span.classList].find((c) => c.startsWith("vivant-") && c !== "vivant-modifie");
        const name = key ? key.slice("vivant-".length) : "";
        if (!data.cles.includes(name)) continue;
        if (!this.spans.has(name)) this.spans.set(name, []);
        this.spans.get(name).push(span);
      }
      this.timer = null;
      this.build();
    }

    // The row of the grid for the current state (first control slowest).
    row() {
      let index = 0;
      this.controls.forEach((control, i) => {
        index = index * control.valeurs.length + this.state[i];
      });
      return this.data.points[index];
    }

    modified() {
      return this.controls.filter((control, i) => this.state[i] !== control.defaut);
    }

    label(control, i = this.controls.indexOf(control)) {
      return control.etiquettes[this.state[i]];
    }

    build() {
      const d = this.data;
      // Closed by default, opened by a button in the caption of the chapter's sensitivity figure
      // (the page keeps its length); an address with changed assumptions opens it.
      const section = element("section", {
        class: "vivant-panneau",
        id: `${this.id}-panneau`,
        "aria-labelledby": `${this.id}-titre`,
        hidden: "",
      });
      const names = this.controls.map((c) => lower(c.libelle)).join(", ");
      section.append(element("p", { class: "vivant-titre", id: `${this.id}-titre` }, `Modifier les hypothèses du chapitre (${names})`));
      section.append(
        element(
          "p",
          { class: "vivant-intro" },
          `Les nombres surlignés du chapitre et le graphique ci-dessous suivent ces curseurs${NNBSP}: le modèle du chapitre a été calculé pour chaque combinaison de valeurs lors de la construction du livre. Les figures et tableaux numérotés gardent les hypothèses du ${this.origin}.`,
        ),
      );
      this.notice = element("div", { class: "vivant-avis", role: "status", hidden: "" });
      section.append(this.notice);
      const controls = element("div", { class: "vivant-controles" });
      this.inputs = this.controls.map((control, i) => {
        const id = `${this.id}-${control.nom}`;
        const box = element("div", { class: "vivant-controle" });
        const label = element("label", { for: id }, control.libelle);
        const output = element("output", { for: id, id: `${id}-valeur`, class: "vivant-valeur" });
        const help = element(
          "p",
          { class: "vivant-aide", id: `${id}-aide` },
          control.type === "liste"
            ? `Hypothèse du ${this.origin}${NNBSP}: ${control.etiquettes[control.defaut]}.`
            : `Plage du modèle${NNBSP}: ${control.plage} ; ${control.aide}. Hypothèse du ${this.origin}${NNBSP}: ${control.etiquettes[control.defaut]}.`,
        );
        let input;
        if (control.type === "liste") {
          input = element("select", { id, "aria-describedby": `${id}-aide` });
          control.etiquettes.forEach((text, j) => input.append(element("option", { value: String(j) }, text)));
        } else {
          input = element("input", {
            id,
            type: "range",
            min: "0",
            max: String(control.valeurs.length - 1),
            step: "1",
            "aria-describedby": `${id}-aide`,
          });
        }
        input.value = String(this.state[i]);
        const changed = () => this.set(i, Number(input.value));
        input.addEventListener("input", changed);
        input.addEventListener("change", changed);
        const head = element("div", { class: "vivant-entete" });
        head.append(label);
        if (control.type !== "liste") head.append(output); // a select shows its value itself
        box.append(head, input, help);
        controls.append(box);
        return { input, output };
      });
      section.append(controls);
      this.status = element("div", { class: "vivant-etat", hidden: "" });
      this.statusText = element("p");
      const reset = element("button", { type: "button", class: "vivant-bouton" }, `Revenir aux hypothèses du ${this.origin}`);
      reset.addEventListener("click", () => this.reset());
      this.status.append(this.statusText, reset);
      section.append(this.status);
      if (d.graphique) {
        this.figure = element("figure", { class: "vivant-figure" });
        const svg = svgElement("svg", {
          viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
          role: "img",
          "aria-labelledby": `${this.id}-graphique-titre`,
          "aria-describedby": `${this.id}-graphique-desc`,
          class: "vivant-svg",
        });
        this.caption = element("figcaption");
        this.figure.append(svg, element("ul", { class: "vivant-legende" }), this.caption);
        section.append(this.figure);
      }
      const actions = element("div", { class: "vivant-actions" });
      const cite = element("button", { type: "button", class: "vivant-bouton" }, "Citer cette vue");
      const print = element("button", { type: "button", class: "vivant-bouton" }, "Imprimer cette vue");
      cite.addEventListener("click", () => this.cite());
      print.addEventListener("click", () => window.print());
      actions.append(cite, print);
      section.append(actions);
      this.citation = element("div", { class: "vivant-citation", hidden: "" });
      this.citationText = element("pre", { tabindex: "0" });
      this.citationNote = element("p");
      this.citation.append(this.citationNote, this.citationText);
      section.append(this.citation);
      // Outside the panel: announced even when the panel is closed (a reset from the top banner).
      this.live = element("p", { class: "vivant-annonce", "aria-live": "polite" });
      this.section = section;
      this.toggle = element("button", {
        type: "button",
        class: "vivant-ouvrir",
        "aria-expanded": "false",
        "aria-controls": section.id,
      }, "Modifier les hypothèses");
      this.toggle.addEventListener("click", () => this.open(section.hidden));
      this.block.replaceChildren(section, this.live);
      const figure = d.figure ? document.getElementById(d.figure) : null;
      const caption = figure ? [...figure.querySelectorAll("figcaption p")].pop() : null;
      if (caption) {
        figure.after(this.block); // the panel right under the static figure it redraws
        caption.append(document.createTextNode(" "), this.toggle);
      } else {
        this.block.prepend(this.toggle);
      }
      this.block.hidden = false;
      this.top = this.buildTop();
      this.restore();
      this.update(false);
      if (this.modified().length) this.open(true);
      // Printing a changed view shows its panel, even closed meanwhile.
      window.addEventListener("beforeprint", () => {
        if (this.modified().length) this.open(true);
      });
    }

    // Banner and notices at the top of the chapter, before the « À retenir » box.
    buildTop() {
      const article = this.block.closest("article") || document.body;
      const box = article.querySelector(".admonition");
      const top = element("div", { class: "vivant-haut" });
      const banner = element("div", { class: "vivant-bandeau", hidden: "" });
      const text = element("p");
      const reset = element("button", { type: "button", class: "vivant-bouton" }, `Revenir aux hypothèses du ${this.origin}`);
      reset.addEventListener("click", () => this.reset());
      const link = element("a", { href: `#${this.id}` }, "Voir les curseurs");
      link.addEventListener("click", () => this.open(true));
      banner.append(text, reset, document.createTextNode(" "), link);
      const notice = element("div", { class: "vivant-avis", role: "status", hidden: "" });
      top.append(notice, banner);
      if (box && box.parentNode) {
        box.parentNode.insertBefore(top, box);
      } else {
        this.block.prepend(top);
      }
      return { banner, text, notice };
    }

    open(shown) {
      this.section.hidden = !shown;
      this.toggle.setAttribute("aria-expanded", String(shown));
      this.toggle.textContent = shown ? "Fermer les curseurs" : "Modifier les hypothèses";
    }

    // --- the address ---------------------------------------------------------------------

    restore() {
      const notices = [];
      const params = new URLSearchParams(window.location.search);
      for (const [name, value] of params) {
        if (OTHERS.has(name)) continue;
        const i = this.controls.findIndex((c) => c.nom === name);
        if (i < 0) {
          notices.push(`«${NNBSP}${cut(name)}${NNBSP}» n'est pas une hypothèse modifiable de ce chapitre${NNBSP}: ignoré.`);
          continue;
        }
        const control = this.controls[i];
        const j = this.find(control, value);
        if (j < 0) {
          notices.push(
            `«${NNBSP}${cut(name)} = ${cut(value)}${NNBSP}»${NNBSP}: valeur absente de la grille calculée (${control.aide})${NNBSP}: ignorée.`,
          );
          continue;
        }
        this.state[i] = j;
      }
      if (notices.length) {
        const text = `Adresse de la page${NNBSP}: ${notices.join(" ")} Les autres hypothèses restent celles du ${this.origin} ou de l'adresse.`;
        for (const node of [this.notice, this.top.notice]) {
          node.textContent = text;
          node.hidden = false;
        }
      }
    }

    find(control, text) {
      if (control.type === "liste") return control.valeurs.findIndex((v) => String(v) === text);
      if (!/^\s*-?\d+(\.\d+)?\s*$/.test(text)) return -1;
      const value = Number(text);
      return control.valeurs.findIndex((v) => Math.abs(v - value) <= 1e-9 * Math.max(1, Math.abs(value)));
    }

    address() {
      const params = new URLSearchParams(window.location.search);
      for (const control of this.controls) params.delete(control.nom);
      this.controls.forEach((control, i) => {
        if (this.state[i] !== control.defaut) params.set(control.nom, String(control.valeurs[this.state[i]]));
      });
      const query = params.toString();
      return `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    }

    // --- changes ---------------------------------------------------------------------------

    set(i, j) {
      if (!Number.isInteger(j) || j < 0 || j >= this.controls[i].valeurs.length || this.state[i] === j) return;
      this.state[i] = j;
      this.update(true);
    }

    reset() {
      this.state = this.controls.map((c) => c.defaut);
      this.update(false);
      // A pending announcement of the last move would overwrite this one 400 ms later.
      window.clearTimeout(this.timer);
      this.live.textContent = `Hypothèses du ${this.origin} rétablies.`;
    }

    update(announce) {
      const d = this.data;
      const row = this.row();
      const changed = this.modified().length > 0;
      this.section.classList.toggle("vivant-modifiee", changed);
      d.cles.forEach((key, i) => {
        const text = d.textes[row[i]];
        for (const span of this.spans.get(key) || []) {
          const target = span.querySelector(".pasted-text") || span;
          if (target.textContent !== text) target.textContent = text;
          span.classList.toggle("vivant-modifie", changed);
        }
      });
      this.controls.forEach((control, i) => {
        const { input, output } = this.inputs[i];
        const text = this.label(control, i);
        if (input.value !== String(this.state[i])) input.value = String(this.state[i]);
        if (control.type !== "liste") input.setAttribute("aria-valuetext", text);
        output.textContent = text;
      });
      if (d.graphique) {
        const words = {};
        d.graphique.textes.forEach((name, k) => {
          words[name] = d.textes[row[d.cles.length + k]];
        });
        const chart = {};
        const offset = d.cles.length + d.graphique.textes.length;
        d.graphique.morceaux.forEach((name, k) => {
          chart[name] = d.morceaux[row[offset + k]];
        });
        draw(this.figure, chart, words, `${this.id}-graphique`);
        this.caption.textContent = `${words.titre ?? chart.fond.titre ?? ""}. Graphique recalculé avec les hypothèses choisies (mêmes données que la figure du chapitre).`;
      }
      const summary = this.modified()
        .map((control) => `${lower(control.libelle)} ${this.label(control)} (${this.origin}${NNBSP}: ${control.etiquettes[control.defaut]})`)
        .join(" ; ");
      for (const [banner, text] of [
        [this.status, this.statusText],
        [this.top.banner, this.top.text],
      ]) {
        banner.hidden = !changed;
        text.textContent = changed ? `Hypothèses modifiées${NNBSP}: ${summary}.` : "";
      }
      this.citation.hidden = true;
      try {
        window.history.replaceState(window.history.state, "", this.address());
      } catch (error) {
        // a page opened from a file may refuse it: the view still follows the controls
      }
      if (announce) this.announce();
    }

    announce() {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => {
        const row = this.row();
        const parts = this.data.annonce.map(([label, i]) => `${label}${NNBSP}: ${this.data.textes[row[i]]}`);
        this.live.textContent = `${parts.join(" ; ")}.`;
      }, 400);
    }

    // --- citing ----------------------------------------------------------------------------

    cite() {
      const canonical = document.querySelector('link[rel="canonical"]');
      const base = canonical ? canonical.href.split(/[?#]/)[0] : window.location.href.split(/[?#]/)[0];
      const query = this.address().split("#")[0].split("?")[1];
      const url = query ? `${base}?${query}` : base;
      const block = document.querySelector(".citer-ce-chapitre pre");
      const chapter = block ? block.textContent.trim() : document.title;
      const changed = this.modified();
      const view = changed.length
        ? `Vue avec les hypothèses modifiées (${changed.map((c) => `${lower(c.libelle)}${NNBSP}: ${this.label(c)}`).join(" ; ")})`
        : `Vue avec les hypothèses du ${this.origin}`;
      const text = `${chapter} ${view}${NNBSP}: ${url}`;
      this.citationText.textContent = text;
      this.citationNote.textContent = "Citation de cette vue (l'adresse rétablit les hypothèses choisies)" + NNBSP + ":";
      this.citation.hidden = false;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          () => {
            this.citationNote.textContent = "Citation copiée dans le presse-papiers" + NNBSP + ":";
          },
          () => {},
        );
      }
      this.citationText.focus();
    }
  }

  function start() {
    const views = [];
    for (const block of document.querySelectorAll("div.vivant-bloc")) {
      const script = block.querySelector('script[type="application/json"].vivant-donnees');
      if (!script) continue;
      let data;
      try {
        data = JSON.parse(script.textContent);
      } catch (error) {
        continue; // a broken block leaves the static page as it is
      }
      if (!data || data.format !== FORMAT || !Array.isArray(data.points)) continue;
      views.push(new Vue(block, data));
    }
    window.territoiresVivant = views;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
