import type { Claim, Condition, Guide, GuideNode, GuidePackage } from './guide';
import { daysBefore } from './guideWalk';

/**
 * Where each fact of a package comes from. Every element that states a fact (a step's
 * text or thresholds, a checklist, a document list, a fee, a link, an age table) carries
 * a claim: its sources and the day each was read. This module finds the elements that
 * state facts, reports those without a claim, and derives what a guide's "verified on"
 * may say: a date only when every claim of the guide was verified.
 */

/** A sourcing problem, with where it is in the package (same form as the validator's). */
export interface SourcingIssue {
  path: (string | number)[];
  message: string;
}

export type ElementKind = 'node' | 'table' | 'fee' | 'link' | 'document';

/** One element of a guide that states facts, and its claim (absent: unsourced). */
export interface FactElement {
  kind: ElementKind;
  id: string;
  path: (string | number)[];
  claim: Claim | undefined;
  /** The text keys of what the element says (title, text, options, items, label), for the report. */
  texts: string[];
}

/** A source older than this is due for re-check. */
export const RECHECK_AFTER_DAYS = 365;

function numericConditions(c: Condition): boolean {
  if ('all' in c) return c.all.some(numericConditions);
  if ('any' in c) return c.any.some(numericConditions);
  if ('not' in c) return numericConditions(c.not);
  return 'atLeast' in c || 'below' in c || 'atLeastAge' in c || 'belowAge' in c;
}

/** The text keys a node shows (title, body, option labels, checklist items). */
export function nodeTexts(node: GuideNode): string[] {
  const keys = [node.title, ...(node.text ? [node.text] : [])];
  if (node.type === 'question') node.options?.forEach((o) => keys.push(o.label));
  if (node.type === 'checklist') node.items.forEach((i) => keys.push(i.text));
  return keys;
}

/**
 * Whether a node states a fact: it has a body text, fees, a checklist or document list,
 * a threshold (an age, a day count), or a figure in what it shows. A bare question
 * ("Har besökaren e-legitimation?") states none.
 */
export function statesFacts(node: GuideNode, sv: Readonly<Record<string, string>>): boolean {
  if (node.text || node.fees?.length) return true;
  if (node.type === 'checklist') return true;
  if (node.type === 'outcome' && node.documents?.length) return true;
  if (node.type !== 'outcome' && node.next.some((r) => r.when && numericConditions(r.when))) return true;
  return nodeTexts(node).some((k) => /\d/.test(sv[k] ?? ''));
}

/** The fact-stating elements of one guide: its nodes and tables, then the fees, links and documents it uses. */
export function factsOfGuide(pkg: GuidePackage, guide: Guide): FactElement[] {
  const gi = pkg.guides.indexOf(guide);
  const out: FactElement[] = [];
  const used = { fee: new Set<string>(), link: new Set<string>(), document: new Set<string>() };
  guide.nodes.forEach((node, ni) => {
    node.fees?.forEach((id) => used.fee.add(id));
    node.links?.forEach((id) => used.link.add(id));
    if (node.type === 'checklist') node.items.forEach((i) => i.document && used.document.add(i.document));
    if (node.type === 'outcome') {
      node.documents?.forEach((id) => used.document.add(id));
      if (node.referral && 'link' in node.referral && node.referral.link) used.link.add(node.referral.link);
    }
    if (statesFacts(node, pkg.texts.sv))
      out.push({
        kind: 'node',
        id: node.id,
        path: ['guides', gi, 'nodes', ni],
        claim: node.claim,
        texts: nodeTexts(node),
      });
  });
  guide.tables?.forEach((t, ti) =>
    out.push({ kind: 'table', id: t.id, path: ['guides', gi, 'tables', ti], claim: t.claim, texts: [t.label] }),
  );
  for (const kind of ['fee', 'link', 'document'] as const) {
    const list = kind === 'fee' ? pkg.fees : kind === 'link' ? pkg.links : pkg.documents;
    list.forEach((item, i) => {
      if (used[kind].has(item.id))
        out.push({ kind, id: item.id, path: [`${kind}s`, i], claim: item.claim, texts: [item.label] });
    });
  }
  return out;
}

/** Every fact-stating element of the package, each once (fees, links, documents even when no guide uses them). */
function allFacts(pkg: GuidePackage): FactElement[] {
  const seen = new Set<string>();
  const out: FactElement[] = [];
  const add = (f: FactElement) => {
    const key = f.path.join('.');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  pkg.guides.forEach((g) => factsOfGuide(pkg, g).forEach(add));
  pkg.fees.forEach((f, i) => add({ kind: 'fee', id: f.id, path: ['fees', i], claim: f.claim, texts: [f.label] }));
  pkg.links.forEach((l, i) => add({ kind: 'link', id: l.id, path: ['links', i], claim: l.claim, texts: [l.label] }));
  pkg.documents.forEach((d, i) =>
    add({ kind: 'document', id: d.id, path: ['documents', i], claim: d.claim, texts: [d.label] }),
  );
  return out;
}

/**
 * Authoring errors in the sourcing, independent of the day: an element that states a
 * fact without a claim, a citation of an unknown source, a verified claim no cited source
 * was read for, a duplicate or unused source.
 */
export function sourcingIssues(pkg: GuidePackage): SourcingIssue[] {
  const issues: SourcingIssue[] = [];
  const sourceIds = new Set<string>();
  pkg.sources.forEach((s, i) => {
    if (sourceIds.has(s.id)) issues.push({ path: ['sources', i, 'id'], message: `duplicate source id "${s.id}"` });
    sourceIds.add(s.id);
  });
  const cited = new Set<string>();
  for (const fact of allFacts(pkg)) {
    if (!fact.claim) {
      issues.push({
        path: fact.path,
        message: `unsourced fact: ${fact.kind} "${fact.id}" states a fact and names no source`,
      });
      continue;
    }
    fact.claim.sources.forEach((c, ci) => {
      cited.add(c.source);
      if (!sourceIds.has(c.source))
        issues.push({
          path: [...fact.path, 'claim', 'sources', ci, 'source'],
          message: `unknown source "${c.source}"`,
        });
    });
    if (fact.claim.status === 'verified' && !fact.claim.sources.some((c) => c.readOn))
      issues.push({
        path: [...fact.path, 'claim'],
        message: `${fact.kind} "${fact.id}" is marked verified, but no cited source has the date it was read`,
      });
  }
  pkg.sources.forEach((s, i) => {
    if (!cited.has(s.id)) issues.push({ path: ['sources', i], message: `source "${s.id}" is cited by no claim` });
  });
  return issues;
}

/**
 * Citations read more than `maxAgeDays` before `today` (due for re-check), and read
 * dates after today (a typo). Not an authoring error: a package gets older while shipped.
 */
export function staleSources(pkg: GuidePackage, today: string, maxAgeDays = RECHECK_AFTER_DAYS): SourcingIssue[] {
  const issues: SourcingIssue[] = [];
  for (const fact of allFacts(pkg)) {
    fact.claim?.sources.forEach((c, ci) => {
      if (!c.readOn) return;
      const age = daysBefore(c.readOn, today);
      const path = [...fact.path, 'claim', 'sources', ci, 'readOn'];
      if (age < 0) issues.push({ path, message: `read on ${c.readOn}, after today (${today})` });
      else if (age > maxAgeDays)
        issues.push({ path, message: `source "${c.source}" read on ${c.readOn}, ${age} days ago: due for re-check` });
    });
  }
  return issues;
}

/**
 * What "verified on" means for a guide: the day its oldest citation was read, when every
 * fact of the guide is a verified claim; null when any is unverified or unsourced.
 */
export function guideVerifiedOn(pkg: GuidePackage, guide: Guide): string | null {
  let oldest: string | null = null;
  for (const fact of factsOfGuide(pkg, guide)) {
    if (fact.claim?.status !== 'verified') return null;
    for (const c of fact.claim.sources) if (c.readOn && (!oldest || c.readOn < oldest)) oldest = c.readOn;
  }
  return oldest;
}
