import type { GuidePackage } from '../../shared/guide';
import { computeContentHash } from '../../shared/node/packageHash';

/**
 * A small, valid package that touches every node type, for validator and walker tests.
 * Tests mutate a fresh copy to make exactly one authoring mistake at a time.
 */
/** Every fact of the fixture comes from its one source, read on 2026-01-01. */
const claim = { sources: [{ source: 'skv_id', readOn: '2026-01-01' }], status: 'verified' as const };

export function miniPackage(): GuidePackage {
  return structuredClone({
    format: 2,
    id: 'skv',
    agency: 'SKV',
    version: 1,
    validFrom: '2026-01-01',
    sources: [{ id: 'skv_id', title: 'Id-kort', url: 'https://www.skatteverket.se/id-kort' }],
    documents: [{ id: 'passport', label: 'doc.passport', claim }],
    fees: [{ id: 'card_fee', label: 'fee.card', amountSek: 400, claim }],
    links: [{ id: 'book', label: 'link.book', url: 'https://www.skatteverket.se/boka', claim }],
    guides: [
      {
        errandKind: 'skv.id_card',
        title: 'g.title',
        start: 'kind',
        nodes: [
          {
            id: 'kind',
            type: 'question',
            input: 'choice',
            title: 'q.kind',
            options: [
              { value: 'new', label: 'o.new' },
              { value: 'renew', label: 'o.renew' },
            ],
            next: [
              { when: { answer: 'kind', equals: 'new' }, to: 'pnr' },
              { when: { answer: 'kind', equals: 'renew' }, to: 'pnr' },
            ],
          },
          {
            id: 'pnr',
            type: 'personnummer',
            title: 'q.pnr',
            allowCoordinationNumber: false,
            claim,
            next: [{ when: { answer: 'pnr', below: 13 }, to: 'too_young' }, { to: 'docs' }],
          },
          {
            id: 'docs',
            type: 'checklist',
            title: 'c.docs',
            fees: ['card_fee'],
            claim,
            items: [
              { id: 'id_doc', text: 'i.id_doc', required: true, document: 'passport' },
              { id: 'consent', text: 'i.consent', required: true, when: { answer: 'pnr', below: 18 } },
              { id: 'old_card', text: 'i.old_card', required: false },
            ],
            next: [{ when: { complete: 'docs' }, to: 'moved' }, { to: 'missing' }],
          },
          {
            id: 'moved',
            type: 'question',
            input: 'date',
            title: 'q.moved',
            claim,
            next: [{ when: { answer: 'moved', atLeast: 8 }, to: 'late' }, { to: 'photo' }],
          },
          { id: 'late', type: 'info', title: 'i.late', links: ['book'], next: [{ to: 'photo' }] },
          {
            id: 'photo',
            type: 'action',
            title: 'a.photo',
            requires: ['id_card_photo'],
            otherwise: 'refer',
            next: [{ to: 'done' }],
          },
          // Sourced although it states nothing: tests put a version number in its title.
          { id: 'done', type: 'outcome', outcome: 'done', title: 'out.done', claim },
          { id: 'too_young', type: 'outcome', outcome: 'cancelled', title: 'out.young' },
          {
            id: 'missing',
            type: 'outcome',
            outcome: 'needs_documents',
            title: 'out.missing',
            documents: ['passport'],
            claim,
          },
          {
            id: 'refer',
            type: 'outcome',
            outcome: 'referred',
            title: 'out.refer',
            referral: { nearestWith: 'id_card_photo' },
          },
        ],
      },
    ],
    texts: {
      sv: Object.fromEntries(
        [
          'doc.passport',
          'fee.card',
          'link.book',
          'g.title',
          'q.kind',
          'o.new',
          'o.renew',
          'q.pnr',
          'c.docs',
          'i.id_doc',
          'i.consent',
          'i.old_card',
          'q.moved',
          'i.late',
          'a.photo',
          'out.done',
          'out.young',
          'out.missing',
          'out.refer',
        ].map((k) => [k, `text ${k}`]),
      ),
    },
    contentHash: '0'.repeat(64),
  } satisfies GuidePackage);
}

/** The package with its content hash set, as a publisher would ship it. */
export function withHash(pkg: GuidePackage): GuidePackage {
  return { ...pkg, contentHash: computeContentHash(pkg) };
}
