/**
 * The dashboard's two charts drawn as SVG: a horizontal bar chart of counts by category and a
 * donut of shares. The console needs no more than these, so no chart library is shipped (echarts
 * alone was 68 MB of node_modules). Each bar and slice has an SVG <title> (the browser's tooltip)
 * and the figures are also written as text, so the charts read without a pointer.
 */

export interface BarChartProps {
  label: string;
  categories: readonly string[];
  values: readonly number[];
  colour?: string;
}

const rowHeight = 22;
const labelWidth = 150;
const plotWidth = 420;
const valueWidth = 40;

/** Counts by category, one row each, longest bar = the largest count. */
export function BarChart({ label, categories, values, colour = 'var(--accent)' }: BarChartProps) {
  const largest = Math.max(1, ...values);
  const width = labelWidth + plotWidth + valueWidth;
  const height = categories.length * rowHeight;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMinYMin meet"
    >
      {categories.map((category, index) => {
        const value = values[index] ?? 0;
        const y = index * rowHeight;
        const length = (plotWidth * value) / largest;
        return (
          <g key={category}>
            <title>{`${category}: ${value}`}</title>
            <text x={labelWidth - 8} y={y + rowHeight / 2} textAnchor="end" dominantBaseline="central" className="axis">
              {category}
            </text>
            <line
              x1={labelWidth}
              x2={labelWidth + plotWidth}
              y1={y + rowHeight / 2}
              y2={y + rowHeight / 2}
              className="grid"
            />
            {value > 0 && (
              <rect x={labelWidth} y={y + 4} width={Math.max(length, 2)} height={rowHeight - 8} fill={colour} />
            )}
            <text x={labelWidth + length + 6} y={y + rowHeight / 2} dominantBaseline="central" className="axis">
              {value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface DonutSlice {
  name: string;
  value: number;
  colour: string;
}

const radius = 80;
const thickness = 40;
const circumference = 2 * Math.PI * radius;

/**
 * Shares of a whole as a ring: each slice is one circle whose dash covers its share, turned to
 * start where the previous one ended (a single slice of 100% is a whole ring). A legend with the
 * counts follows.
 */
export function DonutChart({ label, slices }: { label: string; slices: readonly DonutSlice[] }) {
  const total = slices.reduce((sum, slice) => sum + slice.value, 0);
  let offset = 0;
  return (
    <div className="donut">
      <svg className="chart" role="img" aria-label={label} viewBox="0 0 200 200">
        <circle cx={100} cy={100} r={radius} fill="none" strokeWidth={thickness} className="grid" />
        {total > 0 &&
          slices.map((slice) => {
            const length = (circumference * slice.value) / total;
            const circle = (
              <circle
                key={slice.name}
                cx={100}
                cy={100}
                r={radius}
                fill="none"
                stroke={slice.colour}
                strokeWidth={thickness}
                strokeDasharray={`${length} ${circumference - length}`}
                strokeDashoffset={-offset}
                transform="rotate(-90 100 100)"
              >
                <title>{`${slice.name}: ${slice.value} (${Math.round((100 * slice.value) / total)}%)`}</title>
              </circle>
            );
            offset += length;
            return circle;
          })}
      </svg>
      <ul className="legend">
        {slices.map((slice) => (
          <li key={slice.name}>
            <span className="swatch" style={{ background: slice.colour }} /> {slice.name} {slice.value}
          </li>
        ))}
      </ul>
    </div>
  );
}
