import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuideBundle } from '../../shared/api';
import type { Answer, GuideNode } from '../../shared/guide';
import { applicableItems, nodeMap, type WalkContext } from '../../shared/guideWalk';
import { GuideExtras } from './GuideExtras';
import { checkPersonnummer } from './personnummer';
import { UnverifiedNote } from './Unverified';
import { useGuideText } from './texts';

interface StepProps {
  bundle: GuideBundle;
  node: GuideNode;
  ctx: WalkContext;
  answers: Record<string, Answer>;
  /** The answer given before "back", offered again. */
  previous: Answer | undefined;
  onAnswer(value: Answer): void;
}

/** The step waiting for the officer: one control per node type, keyboard first. */
export function GuideStep(props: StepProps) {
  const { bundle, node } = props;
  const text = useGuideText(bundle);
  const control = useRef<HTMLDivElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // A new step takes the focus on its own control (the first option, the field, "Nästa"), never
  // on a link in the step's extras: Enter goes on in the guide instead of opening a browser.
  useEffect(() => {
    const first = control.current?.querySelector<HTMLElement>('input, button, select, textarea');
    (first ?? title.current)?.focus();
  }, [node.id]);
  return (
    <div className="guide-step">
      <h2 id="guide-step-title" ref={title} tabIndex={-1}>
        {text(node.title)}
      </h2>
      {node.text && <p className="guide-text">{text(node.text)}</p>}
      {node.claim && <UnverifiedNote claim={node.claim} />}
      <GuideExtras bundle={bundle} node={node} />
      <div className="guide-control" ref={control}>
        <StepControl {...props} />
      </div>
    </div>
  );
}

function StepControl({ bundle, node, ctx, answers, previous, onAnswer }: StepProps) {
  const { t } = useTranslation();
  const text = useGuideText(bundle);
  switch (node.type) {
    case 'question':
      if (node.input === 'choice' || node.input === 'yesno') {
        const options =
          node.input === 'yesno'
            ? [
                { value: 'yes', label: t('guide.yes') },
                { value: 'no', label: t('guide.no') },
              ]
            : node.options!.map((o) => ({ value: o.value, label: text(o.label) }));
        return <Choices options={options} previous={previous} onAnswer={onAnswer} />;
      }
      return <ValueInput node={node} previous={previous} onAnswer={onAnswer} />;
    case 'personnummer':
      return (
        <PersonnummerInput
          allowCoordinationNumber={node.allowCoordinationNumber}
          today={ctx.today}
          onAnswer={onAnswer}
        />
      );
    case 'checklist':
      return (
        <Checklist
          bundle={bundle}
          items={applicableItems(node, answers, ctx, nodeMap(bundle.guide))}
          previous={previous}
          onAnswer={onAnswer}
        />
      );
    case 'info':
      return (
        <button type="button" className="primary" onClick={() => onAnswer(true)}>
          {t('guide.next')}
        </button>
      );
    case 'action':
      return (
        <button type="button" className="primary" onClick={() => onAnswer(true)}>
          {t('guide.actionDone')}
        </button>
      );
    case 'outcome':
      return null;
  }
}

/** Options as buttons; keys 1–9 pick them. */
function Choices({
  options,
  previous,
  onAnswer,
}: {
  options: { value: string; label: string }[];
  previous: Answer | undefined;
  onAnswer(value: string): void;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      const index = Number(event.key) - 1;
      const option = Number.isInteger(index) ? options[index] : undefined;
      if (!option) return;
      event.preventDefault();
      onAnswer(option.value);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [options, onAnswer]);
  return (
    <div className="guide-choices" role="group" aria-labelledby="guide-step-title">
      {options.map((o, i) => (
        <button
          key={o.value}
          type="button"
          className={previous === o.value ? 'primary' : undefined}
          aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
          onClick={() => onAnswer(o.value)}
        >
          {i < 9 && <kbd>{i + 1}</kbd>} {o.label}
        </button>
      ))}
    </div>
  );
}

function ValueInput({
  node,
  previous,
  onAnswer,
}: {
  node: Extract<GuideNode, { type: 'question' }>;
  previous: Answer | undefined;
  onAnswer(value: Answer): void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(
    typeof previous === 'string' || typeof previous === 'number' ? String(previous) : '',
  );
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (node.input === 'date') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return setInvalid(true);
      return onAnswer(value);
    }
    const n = Number(value);
    if (
      value.trim() === '' ||
      !Number.isInteger(n) ||
      (node.min !== undefined && n < node.min) ||
      (node.max !== undefined && n > node.max)
    )
      return setInvalid(true);
    onAnswer(n);
  };
  return (
    <form onSubmit={submit} className="guide-value" noValidate>
      <label htmlFor="guide-value">{node.input === 'date' ? t('guide.date') : t('guide.number')}</label>
      <input
        id="guide-value"
        type={node.input === 'date' ? 'date' : 'number'}
        inputMode={node.input === 'number' ? 'numeric' : undefined}
        min={node.min}
        max={node.max}
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'guide-value-error' : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setInvalid(false);
        }}
      />
      {invalid && (
        <p id="guide-value-error" className="field-error">
          {node.input === 'date'
            ? t('guide.invalidDate')
            : t('guide.invalidNumber', { min: node.min ?? '–', max: node.max ?? '–' })}
        </p>
      )}
      <button type="submit" className="primary">
        {t('guide.next')}
      </button>
    </form>
  );
}

/**
 * The number is checked here and forgotten at once: only the age goes on. It is in this
 * component's state while typed, never in a store, a request or a log.
 */
function PersonnummerInput({
  allowCoordinationNumber,
  today,
  onAnswer,
}: {
  allowCoordinationNumber: boolean;
  today: string;
  onAnswer(age: number): void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = checkPersonnummer(value, { allowCoordinationNumber, today });
    if (!result.ok) return setError(result.reason);
    setValue('');
    onAnswer(result.age);
  };
  return (
    <form onSubmit={submit} className="guide-value" noValidate autoComplete="off">
      <label htmlFor="guide-pnr">{t('guide.personnummer')}</label>
      <input
        id="guide-pnr"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={15}
        value={value}
        aria-invalid={error !== null}
        aria-describedby="guide-pnr-hint"
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
      />
      <p id="guide-pnr-hint" className={error ? 'field-error' : 'hint'}>
        {error ? t(`guide.pnrError.${error}`) : t('guide.personnummerHint')}
      </p>
      <button type="submit" className="primary">
        {t('guide.check')}
      </button>
    </form>
  );
}

function Checklist({
  bundle,
  items,
  previous,
  onAnswer,
}: {
  bundle: GuideBundle;
  items: Extract<GuideNode, { type: 'checklist' }>['items'];
  previous: Answer | undefined;
  onAnswer(ticked: string[]): void;
}) {
  const { t } = useTranslation();
  const text = useGuideText(bundle);
  const [ticked, setTicked] = useState<string[]>(Array.isArray(previous) ? previous : []);
  const toggle = (id: string, on: boolean) => setTicked((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
  return (
    <form
      className="guide-checklist"
      onSubmit={(e) => {
        e.preventDefault();
        onAnswer(items.map((i) => i.id).filter((id) => ticked.includes(id)));
      }}
    >
      <ul className="plain">
        {items.map((item) => {
          const document = bundle.documents.find((d) => d.id === item.document);
          return (
            <li key={item.id}>
              <label>
                <input
                  type="checkbox"
                  checked={ticked.includes(item.id)}
                  onChange={(e) => toggle(item.id, e.target.checked)}
                />{' '}
                {text(item.text)}
                {item.required && <span className="tag">{t('guide.required')}</span>}
                {document && <span className="hint"> · {t('guide.document', { label: text(document.label) })}</span>}
              </label>
            </li>
          );
        })}
      </ul>
      <button type="submit" className="primary">
        {t('guide.next')}
      </button>
    </form>
  );
}
