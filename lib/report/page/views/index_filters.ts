/// <reference lib="dom" />
/**
 * The results index's filters: runs by experiment, status, tag and any text (id, note,
 * tags, flags, commit, chosen cell). The choice is kept in the page's address
 * (`index.html#tag=baseline&q=adam`), so a filtered index can be bookmarked or sent.
 *
 * @module
 */

import type { IndexRow } from "../../index_page.ts";
import { h } from "../dom.ts";

const KEYS = ["experiment", "status", "tag", "q"] as const;
type Key = typeof KEYS[number];

/** The filter bar and what it lets through. */
export class IndexFilters {
  /** The bar, to put on the page. */
  readonly node: HTMLElement;
  readonly #selects: Record<Exclude<Key, "q">, HTMLSelectElement>;
  readonly #text: HTMLInputElement;
  readonly #count = h("span", { class: "note", id: "runs-shown" });
  readonly #wanted: Partial<Record<Key, string>>;

  /** @param changed Called when the reader changes a filter. */
  constructor(changed: () => void) {
    const hash = new URLSearchParams(location.hash.slice(1));
    this.#wanted = Object.fromEntries(KEYS.flatMap((k) => hash.get(k) ? [[k, hash.get(k)!]] : []));
    const select = (key: Exclude<Key, "q">, label: string) =>
      h("select", { name: key, "aria-label": label });
    this.#selects = {
      experiment: select("experiment", "experiment"),
      status: select("status", "status"),
      tag: select("tag", "tag"),
    };
    this.#text = h("input", {
      type: "search",
      name: "q",
      placeholder: "text in id, note, tags, flags, chosen cell…",
      "aria-label": "filter runs by text",
      value: this.#wanted.q ?? "",
    });
    const onChange = () => {
      for (const k of KEYS) {
        const v = k === "q" ? this.#text.value : this.#selects[k].value;
        if (v) this.#wanted[k] = v;
        else delete this.#wanted[k];
      }
      const params = new URLSearchParams(this.#wanted as Record<string, string>).toString();
      history.replaceState(null, "", params ? `#${params}` : location.pathname);
      changed();
    };
    for (const s of Object.values(this.#selects)) s.addEventListener("change", onChange);
    this.#text.addEventListener("input", onChange);
    this.node = h(
      "div",
      { class: "filters", id: "filters" },
      "Show ",
      this.#selects.experiment,
      this.#selects.status,
      this.#selects.tag,
      this.#text,
      this.#count,
    );
  }

  /**
   * Offers the values the runs have (each select keeps its choice, even one no run has).
   *
   * @param sections The runs by experiment.
   */
  offer(sections: readonly [string, readonly IndexRow[]][]): void {
    const rows = sections.flatMap(([, runs]) => runs);
    const fill = (key: Exclude<Key, "q">, any: string, values: Iterable<string>) => {
      const all = [...new Set(values)].sort();
      const wanted = this.#wanted[key];
      if (wanted !== undefined && !all.includes(wanted)) all.push(wanted);
      this.#selects[key].replaceChildren(
        h("option", { value: "" }, any),
        ...all.map((v) => h("option", { value: v }, v)),
      );
      this.#selects[key].value = wanted ?? "";
    };
    fill("experiment", "every experiment", sections.map(([e]) => e));
    fill("status", "any status", rows.map((r) => r.status));
    fill("tag", "any tag", rows.flatMap((r) => r.tags ?? []));
  }

  /**
   * The runs the filters let through, by experiment (experiments left empty dropped).
   *
   * @param sections The runs by experiment.
   * @returns Those shown.
   */
  apply(sections: readonly [string, IndexRow[]][]): [string, IndexRow[]][] {
    const w = this.#wanted, q = w.q?.toLowerCase();
    let total = 0, shown = 0;
    const out = sections.flatMap(([experiment, runs]): [string, IndexRow[]][] => {
      total += runs.length;
      if (w.experiment !== undefined && experiment !== w.experiment) return [];
      const kept = runs.filter((r) =>
        (w.status === undefined || r.status === w.status) &&
        (w.tag === undefined || (r.tags ?? []).includes(w.tag)) &&
        (q === undefined || searchText(experiment, r).includes(q))
      );
      shown += kept.length;
      return kept.length ? [[experiment, kept]] : [];
    });
    this.#count.textContent = shown === total ? `${total} runs` : `${shown} of ${total} runs`;
    return out;
  }
}

function searchText(experiment: string, r: IndexRow): string {
  return [
    experiment,
    r.id,
    r.status,
    r.note ?? "",
    ...(r.tags ?? []),
    r.flags,
    r.commit,
    ...r.chosen.map((c) => c.text ?? ""),
  ].join(" ").toLowerCase();
}
