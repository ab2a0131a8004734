// In-page halves of the checks in tests/browser.py. Each function returns a list of
// findings (strings; empty when the page passes), read from the rendered page:
// getBoundingClientRect and getComputedStyle, never the HTML source.

/** A short CSS-like path of an element, for findings: "nav.toc > ol > li > span.count". */
function describe(el) {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    const classes = [...e.classList].map((c) => "." + c).join("");
    parts.unshift(e.localName + (e.id ? "#" + e.id : "") + classes);
  }
  return parts.join(" > ");
}

const px = (value) => Math.round(value);

/** Sideways scrolling, and where it starts. */
function overflow() {
  const width = document.documentElement.clientWidth;
  const outside = (r) => r.right > width + 1 || r.left < -1;
  const found = [];
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width) {
    found.push(`the page scrolls sideways: ${scroll}px wide, viewport ${width}px`);
  }
  // The skip link sits off-screen on purpose until it is focused.
  const skipped = (el) => el.closest(".skip") && !el.closest(".skip").matches(":focus");
  // Report where an overflow starts, not every descendant of the box that overflows.
  const reported = new Set();
  const inReported = (el) => {
    for (let e = el; e; e = e.parentElement) if (reported.has(e)) return true;
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (skipped(el) || !el.checkVisibility() || inReported(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const s = getComputedStyle(el);
    const left = r.left - Math.max(0, parseFloat(s.marginLeft)); // margins push too
    const right = r.right + Math.max(0, parseFloat(s.marginRight));
    if (outside({ left, right })) {
      found.push(
        `${describe(el)} spans ${px(left)}..${px(right)}px (margins included), ` +
          `outside the ${width}px viewport`,
      );
      reported.add(el);
      continue;
    }
    if (s.position === "absolute" || s.position === "fixed") continue;
    // A box squeezed to nothing (a huge margin on a block) pushes its content out of it.
    const box = el.parentElement.getBoundingClientRect();
    const out = Math.max(box.left - r.left, r.right - box.right);
    if (out > 1) {
      found.push(`${describe(el)} sticks out of its container by ${px(out)}px`);
      reported.add(el);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.data.trim() || skipped(parent) || inReported(parent)) continue;
    range.selectNodeContents(node);
    const line = [...range.getClientRects()].find(outside);
    if (line) {
      const text = node.data.trim().slice(0, 40);
      found.push(
        `text "${text}" in ${describe(parent)} spans ${px(line.left)}..${px(line.right)}px`,
      );
    }
  }
  return found;
}

/** Where the page does not read from its start side: the right in rtl, the left in ltr. */
function mirroring(rtl) {
  const found = [];
  const side = rtl ? "right" : "left";
  const direction = getComputedStyle(document.documentElement).direction;
  if (direction !== (rtl ? "rtl" : "ltr")) found.push(`the page's direction is ${direction}`);
  // The reading-start edge of a box; an element's content box; a text's first line.
  const start = (r) => (rtl ? r.right : r.left);
  const inner = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return {
      left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
      right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight),
    };
  };
  const firstLine = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) return start(inner(el));
    const line = rects.filter((r) => Math.abs(r.top - rects[0].top) < 2);
    return rtl ? Math.max(...line.map((r) => r.right)) : Math.min(...line.map((r) => r.left));
  };
  const at = (el, container, what) => {
    const gap = Math.abs(start(el.getBoundingClientRect()) - start(inner(container)));
    if (gap > 1) found.push(`${what} is ${px(gap)}px off the ${side} edge`);
  };

  const wrap = document.querySelector(".banner .wrap");
  at(document.querySelector(".brand a"), wrap, "the site name");
  for (const nav of document.querySelectorAll(".banner nav")) {
    const list = nav.querySelector("ul");
    const items = [...list.querySelectorAll("li")];
    at(list, wrap, describe(nav));
    at(items[0], list, `the first item of ${describe(nav)}`);
    // The items of the first row follow each other in reading order.
    const top = items[0].getBoundingClientRect().top;
    const row = items.map((li) => li.getBoundingClientRect()).filter((r) => r.top === top);
    for (let i = 1; i < row.length; i++) {
      const after = rtl ? row[i].right <= row[i - 1].left + 1 : row[i].left >= row[i - 1].right - 1;
      if (!after) found.push(`item ${i + 1} of ${describe(nav)} is not after item ${i}`);
    }
  }
  for (const heading of document.querySelectorAll("main h1, main h2, main h3")) {
    const gap = Math.abs(firstLine(heading) - start(inner(heading)));
    if (gap > 1) found.push(`${describe(heading)}'s text starts ${px(gap)}px off the ${side} edge`);
  }
  // Bullets hang outside each item on its start side: the list must leave them room there.
  for (const li of document.querySelectorAll("main li")) {
    if (getComputedStyle(li).listStyleType === "none") continue;
    const item = li.getBoundingClientRect();
    const list = li.parentElement.getBoundingClientRect();
    const room = rtl ? list.right - item.right : item.left - list.left;
    if (room < 8) found.push(`${describe(li)} has no room for its bullet on the ${side}`);
  }
  return found;
}

/** Whether the focused element is on screen and shows a focus indicator. */
function focusProblems() {
  const el = document.activeElement;
  if (!el || el === document.body) return ["nothing has the focus"];
  const found = [];
  const name = describe(el);
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  if (r.width < 1 || r.height < 1) found.push(`${name} has the focus but no size`);
  const width = document.documentElement.clientWidth;
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > width) {
    found.push(`${name} has the focus outside the viewport (${px(r.left)}, ${px(r.top)})`);
  }
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  if (!el.matches(":focus-visible") || !(outline || s.boxShadow !== "none")) {
    found.push(`${name} has the focus but no visible focus indicator`);
  }
  return found;
}

/** The focused element's path, and its href if it is a link. */
function focused() {
  const el = document.activeElement;
  const href = el.getAttribute("href");
  return describe(el) + (href ? " " + href : "");
}

/** The body's visible text (innerText) without the elements matching `hide`. */
function visibleText(hide) {
  // Hidden for a moment (CSSOM, allowed by the CSP), so innerText skips them.
  const hidden = [...document.querySelectorAll(hide)];
  const before = hidden.map((el) => el.style.getPropertyValue("display"));
  hidden.forEach((el) => el.style.setProperty("display", "none", "important"));
  const text = document.body.innerText;
  hidden.forEach((el, i) => el.style.setProperty("display", before[i]));
  return text;
}

/** How many elements matching `selector` are rendered with a size. */
function shown(selector) {
  return [...document.querySelectorAll(selector)].filter((el) => {
    const r = el.getBoundingClientRect();
    return el.checkVisibility() && r.width > 0 && r.height > 0;
  }).length;
}
