import type { Claim, Guide, GuidePackage, Source } from '../../shared/guide';
import {
  factsOfGuide,
  guideVerifiedOn,
  RECHECK_AFTER_DAYS,
  type ElementKind,
  type FactElement,
} from '../../shared/guideSources';
import { daysBefore } from '../../shared/guideWalk';

/**
 * The review report (`npm run guides:report`): per agency and guide, every claim the
 * officer will read, its sources with the day each was read, and whether it is verified.
 * Swedish Markdown, for the agency's subject expert to sign off. Generated from the
 * packages only, so it can never say more than they do.
 */

const KIND: Record<ElementKind, string> = {
  node: 'Steg',
  table: 'Åldertabell',
  fee: 'Avgift',
  link: 'Länk',
  document: 'Handling',
};

/** Markdown table cells: one line, no pipes. */
const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

function sourceLine(src: Source | undefined, id: string, readOn: string | undefined, section?: string): string {
  const name = src ? (src.url ? `[${cell(src.title)}](${src.url})` : cell(src.title)) : id;
  const ref = src?.ref ? ` (${cell(src.ref)})` : '';
  const where = section ? `, ${cell(section)}` : '';
  return `${name}${ref}${where}: ${readOn ? `läst ${readOn}` : 'ej läst (ingen lagrad kopia)'}`;
}

function status(claim: Claim | undefined, today: string): string {
  if (!claim) return '**saknar källa**';
  if (claim.status === 'unverified') return '**ej verifierad**';
  const stale = claim.sources.some((c) => c.readOn && daysBefore(c.readOn, today) > RECHECK_AFTER_DAYS);
  return stale ? 'verifierad, **dags att kontrollera igen**' : 'verifierad';
}

function factText(pkg: GuidePackage, guide: Guide, fact: FactElement): string {
  const sv = pkg.texts.sv;
  const parts = fact.texts.map((k) => sv[k] ?? k);
  if (fact.kind === 'fee') parts.push(`${pkg.fees.find((f) => f.id === fact.id)!.amountSek} kr`);
  if (fact.kind === 'link') parts.push(pkg.links.find((l) => l.id === fact.id)!.url);
  if (fact.kind === 'table') {
    const table = guide.tables!.find((t) => t.id === fact.id)!;
    for (const row of table.rows) {
      const born =
        row.bornFrom !== undefined && row.bornTo !== undefined
          ? `födda ${row.bornFrom}–${row.bornTo}`
          : row.bornFrom !== undefined
            ? `födda ${row.bornFrom} eller senare`
            : row.bornTo !== undefined
              ? `födda ${row.bornTo} eller tidigare`
              : 'alla';
      parts.push(`från ${row.validFrom}, ${born}: ${row.age} år`);
    }
  }
  return parts.join(' — ');
}

interface Tally {
  verified: number;
  unverified: number;
  unsourced: number;
}

function tally(facts: FactElement[]): Tally {
  return {
    verified: facts.filter((f) => f.claim?.status === 'verified').length,
    unverified: facts.filter((f) => f.claim?.status === 'unverified').length,
    unsourced: facts.filter((f) => !f.claim).length,
  };
}

export function reportFor(packages: GuidePackage[], today: string): string {
  const out: string[] = [
    '# Granskningsrapport: guidernas uppgifter och källor',
    '',
    `Skapad ${today} ur guidepaketen (\`npm run guides:report\`). Varje rad är en uppgift som handläggaren läser i guiden: ` +
      'stegets text, en åldertabell, en avgift, en länk eller en handling, med källan den bygger på och dagen källan lästes. ' +
      '**Verifierad** betyder att uppgiften kontrollerades mot källan den dagen. **Ej verifierad** betyder att ingen lagrad ' +
      'kopia av källan kunde läsas eller att källan inte säger det; handläggaren ser då "ej verifierad" i guiden. ' +
      `En källa som lästes för mer än ${RECHECK_AFTER_DAYS} dagar sedan ska kontrolleras igen.`,
    '',
    '## Sammanfattning',
    '',
    '| Myndighet | Paketversion | Uppgifter | Verifierade | Ej verifierade | Utan källa |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const sections: string[] = [];
  for (const pkg of packages) {
    const sources = new Map(pkg.sources.map((s) => [s.id, s]));
    const seen = new Map<string, FactElement>();
    sections.push(
      '',
      `## ${pkg.agency}: paket \`${pkg.id}\` version ${pkg.version}, giltigt från ${pkg.validFrom}`,
      '',
    );
    for (const guide of pkg.guides) {
      const facts = factsOfGuide(pkg, guide);
      facts.forEach((f) => seen.set(f.path.join('.'), f));
      const t = tally(facts);
      const verifiedOn = guideVerifiedOn(pkg, guide);
      sections.push(
        `### ${cell(pkg.texts.sv[guide.title] ?? guide.title)} (\`${guide.errandKind}\`)`,
        '',
        verifiedOn
          ? `Alla uppgifter verifierade; äldsta källan läst ${verifiedOn}.`
          : `Verifierade ${t.verified}, ej verifierade ${t.unverified}, utan källa ${t.unsourced}. Guiden visas som "alla uppgifter är inte verifierade".`,
        '',
        '| Uppgift | Vad guiden säger | Källa och läsdatum | Status | Anmärkning |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const fact of facts) {
        const cites = fact.claim?.sources
          .map((c) => sourceLine(sources.get(c.source), c.source, c.readOn, c.section))
          .join('<br>');
        sections.push(
          `| ${KIND[fact.kind]} \`${fact.id}\` | ${cell(factText(pkg, guide, fact))} | ${cites ?? '–'} | ${status(fact.claim, today)} | ${cell(fact.claim?.note ?? '')} |`,
        );
      }
      sections.push('');
    }
    const t = tally([...seen.values()]);
    out.push(
      `| ${pkg.agency} | ${pkg.version} | ${t.verified + t.unverified + t.unsourced} | ${t.verified} | ${t.unverified} | ${t.unsourced} |`,
    );
    sections.push('#### Källor', '', '| Källa | Adress eller referens |', '| --- | --- |');
    for (const s of pkg.sources) sections.push(`| ${cell(s.title)} | ${s.url ?? cell(s.ref ?? '')} |`);
  }
  out.push(...sections, '', '## Underskrift', '', 'Granskat av (myndighet, namn, datum): ______________________', '');
  return out.join('\n');
}
