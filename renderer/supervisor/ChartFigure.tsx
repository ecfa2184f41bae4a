import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis, LabelList } from 'recharts';

/**
 * Okabe–Ito colours: told apart with every common colour-vision deficiency and in
 * greyscale print (the two are far apart in lightness). Series are also named in a legend.
 */
export const SERIES_COLOURS = ['#0072B2', '#E69F00'] as const;

export interface Series {
  key: string;
  label: string;
}

/**
 * A bar chart for looking, with the same numbers as a table for reading (and for screen
 * readers, which skip the drawing). No animation: it prints and screenshots as it is.
 */
export function ChartFigure<Row extends Record<string, string | number>>(props: {
  title: string;
  rows: Row[];
  category: keyof Row & string;
  categoryLabel: string;
  series: Series[];
  layout?: 'horizontal' | 'vertical';
  height?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { rows, category, series } = props;
  const vertical = props.layout === 'vertical';
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{props.title}</figcaption>
      <div className="chart-drawing" aria-hidden="true">
        <ResponsiveContainer width="100%" height={props.height ?? 220}>
          <BarChart
            data={rows}
            layout={vertical ? 'vertical' : 'horizontal'}
            margin={{ top: 16, right: 24, bottom: 4, left: vertical ? 16 : 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="#c8c8c8" />
            {vertical ? (
              <>
                <XAxis type="number" allowDecimals={false} stroke="#333" />
                <YAxis type="category" dataKey={category as string} width={180} stroke="#333" />
              </>
            ) : (
              <>
                <XAxis dataKey={category as string} stroke="#333" />
                <YAxis allowDecimals={false} stroke="#333" />
              </>
            )}
            {series.length > 1 && <Legend />}
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={SERIES_COLOURS[i]} isAnimationActive={false}>
                {series.length === 1 && rows.length <= 12 && (
                  <LabelList dataKey={s.key} position={vertical ? 'right' : 'top'} fill="#222" />
                )}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>{t('supervisor.showTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.categoryLabel}</th>
              {series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[category])}>
                <th scope="row">{row[category]}</th>
                {series.map((s) => (
                  <td key={s.key}>{row[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
