import { useTranslation } from 'react-i18next';
import type { GuideBundle } from '../../shared/api';
import type { WalkStep } from '../../shared/guideWalk';
import { useGuideText } from './texts';

/** The steps so far, each with what was answered, so the officer sees how the guide got here. */
export function GuidePath({ bundle, steps }: { bundle: GuideBundle; steps: WalkStep[] }) {
  const { t } = useTranslation();
  const text = useGuideText(bundle);
  if (!steps.length) return null;
  const answerText = (step: WalkStep): string => {
    const { node, answer } = step;
    if (step.route === 'otherwise') return t('guide.unavailableHere');
    if (answer === true) return node.type === 'action' ? t('guide.actionDoneShort') : t('guide.read');
    if (Array.isArray(answer) && node.type === 'checklist') return t('guide.ticked', { count: answer.length });
    if (node.type === 'personnummer' && typeof answer === 'number') return t('guide.age', { age: answer });
    if (node.type === 'question' && node.input === 'yesno') return answer === 'yes' ? t('guide.yes') : t('guide.no');
    if (node.type === 'question' && node.input === 'choice')
      return text(node.options!.find((o) => o.value === answer)?.label);
    return String(answer);
  };
  return (
    <ol className="guide-path" aria-label={t('guide.pathSoFar')}>
      {steps.map((step) => (
        <li key={step.node.id}>
          <span className="guide-path-title">{text(step.node.title)}</span>
          <span className="guide-path-answer">{answerText(step)}</span>
        </li>
      ))}
    </ol>
  );
}
