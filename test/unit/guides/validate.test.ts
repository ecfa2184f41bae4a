import { describe, expect, it } from 'vitest';
import type { GuideNode, GuidePackage } from '../../../shared/guide';
import { formatIssue, validatePackage } from '../../../shared/guideValidate';
import { miniPackage } from '../../support/guideFixture';

/** Applies one authoring mistake to a fresh valid package and returns the validator's lines. */
function issuesAfter(mistake: (pkg: GuidePackage, node: (id: string) => GuideNode) => void): string[] {
  const pkg = miniPackage();
  const node = (id: string) => pkg.guides[0]!.nodes.find((n) => n.id === id)!;
  mistake(pkg, node);
  return validatePackage(pkg).issues.map(formatIssue);
}

describe('guide package validator', () => {
  it('accepts the fixture', () => {
    expect(validatePackage(miniPackage()).issues).toEqual([]);
  });

  it('names an unknown target with its path', () => {
    const lines = issuesAfter((_, node) => {
      (node('late') as Extract<GuideNode, { type: 'info' }>).next[0]!.to = 'nowhere';
    });
    expect(lines).toEqual(['guides[0].nodes[4].next[0].to: unknown target "nowhere"']);
  });

  it('finds unreachable nodes', () => {
    const lines = issuesAfter((pkg) => {
      pkg.guides[0]!.nodes.push({ id: 'orphan', type: 'outcome', outcome: 'done', title: 'out.done' });
    });
    expect(lines).toEqual(['guides[0].nodes[10]: node "orphan" cannot be reached from "kind"']);
  });

  it('finds cycles', () => {
    const lines = issuesAfter((_, node) => {
      (node('late') as Extract<GuideNode, { type: 'info' }>).next[0]!.to = 'docs';
    });
    expect(lines.join('\n')).toMatch(/cycle: docs → moved → late → docs/);
  });

  it('finds dead ends, with the path that reaches them', () => {
    const lines = issuesAfter((_, node) => {
      const pnr = node('pnr') as Extract<GuideNode, { type: 'personnummer' }>;
      pnr.next = [
        { when: { answer: 'pnr', below: 13 }, to: 'too_young' },
        { when: { answer: 'pnr', atLeast: 18 }, to: 'docs' },
      ];
    });
    expect(lines.join('\n')).toMatch(/dead end at "pnr": no route matches after kind=new/);
  });

  it('finds a choice option without a route', () => {
    const lines = issuesAfter((_, node) => {
      (node('kind') as Extract<GuideNode, { type: 'question' }>).next[1]!.when = { answer: 'kind', equals: 'new' };
    });
    expect(lines).toContain('guides[0].nodes[0].next: option "renew" of "kind" has no route');
  });

  it('finds a condition on an answer not given on every path', () => {
    const lines = issuesAfter((_, node) => {
      (node('photo') as Extract<GuideNode, { type: 'action' }>).next = [
        { when: { answer: 'kind', equals: 'new' }, to: 'done' },
        { when: { answer: 'late', equals: 'yes' }, to: 'done' },
        { to: 'done' },
      ];
    });
    expect(lines).toEqual([
      'guides[0].nodes[5].next[1].when: "late" is not answered on every path to "photo"',
      'guides[0].nodes[5].next[1].when: "equals"/"in" need a choice or yes/no question, "late" is not one',
    ]);
  });

  it('rejects an unknown capability, document and missing sv text', () => {
    expect(
      issuesAfter((_, node) => {
        (node('photo') as { requires: string[] }).requires = ['teleport'];
      }).join('\n'),
    ).toMatch(/guides\[0\]\.nodes\[5\]\.requires\[0\]/);
    expect(
      issuesAfter((_, node) => {
        (node('missing') as Extract<GuideNode, { type: 'outcome' }>).documents = ['visa'];
      }),
    ).toEqual(['guides[0].nodes[8].documents[0]: unknown document "visa"']);
    expect(
      issuesAfter((pkg) => {
        delete pkg.texts.sv['q.moved'];
      }),
    ).toEqual(['guides[0].nodes[3].title: text key "q.moved" is missing in sv']);
  });

  it('rejects a link outside the agency allow-list and a referral without a target', () => {
    expect(
      issuesAfter((pkg) => {
        pkg.links[0]!.url = 'https://evil.example/boka';
      }),
    ).toEqual(['links[0].url: https://evil.example/boka is not an allowed agency origin']);
    expect(
      issuesAfter((_, node) => {
        delete (node('refer') as { referral?: unknown }).referral;
      }).join('\n'),
    ).toMatch(/a referred outcome names where to/);
  });
});
