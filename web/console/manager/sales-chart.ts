import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement, type PropertyValues, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { money } from '../../shared/labels';
import { base } from '../../shared/styles';
import { type ChartRange, chartData, type DayRange, rangeTotals } from './chart-data';
import type { DailyRow } from './types';

/**
 * Daily sales and commission of one outlet (DESIGN 10, uPlot): sales on the left axis,
 * commission on the right (it is a few percent of sales and would lie flat otherwise).
 * The same totals are written under it in words, for screen readers and for a glance.
 */
@customElement('sales-chart')
@localized()
export class SalesChart extends LitElement {
  static override styles = [
    base,
    unsafeCSS(uPlotCss),
    css`
      .plot {
        min-height: 240px;
        width: 100%;
        overflow: hidden;
      }
    `,
  ];

  @property({ attribute: false }) rows: readonly DailyRow[] = [];
  @property({ attribute: false }) range: DayRange = { from: '', to: '' };
  @property({ type: Number }) days: ChartRange = 30;
  @property() currency = 'KES';
  @query('.plot') private plotBox!: HTMLDivElement;
  private plot: uPlot | undefined;
  private readonly resize = new ResizeObserver(() => this.fit());

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  override firstUpdated() {
    this.resize.observe(this.plotBox);
  }

  override updated(changed: PropertyValues) {
    if (changed.has('rows') || changed.has('range') || changed.has('currency')) this.draw();
  }

  private width(): number {
    return Math.max(280, Math.floor(this.plotBox.getBoundingClientRect().width));
  }

  private fit() {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 4) {
      this.plot.setSize({ width: this.width(), height: 240 });
    }
  }

  private draw() {
    if (!this.range.from) return;
    const data = chartData(this.rows, this.range, this.currency);
    this.plot?.destroy();
    const sales = msg('Sales', { id: 'chart.sales' });
    const commission = msg('Commission', { id: 'chart.commission' });
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 240,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, sales: { auto: true }, commission: { auto: true } },
        axes: [
          {},
          { scale: 'sales', size: 60 },
          { scale: 'commission', side: 1, grid: { show: false }, size: 50 },
        ],
        series: [
          {},
          {
            label: sales,
            scale: 'sales',
            stroke: '#0b6e4f',
            width: 2,
            fill: 'rgba(11,110,79,0.08)',
          },
          { label: commission, scale: 'commission', stroke: '#b35c00', width: 2 },
        ],
      },
      [data[0], data[1], data[2]],
      this.plotBox,
    );
    this.dataset.points = String(data[0].length);
  }

  override render() {
    const sum = rangeTotals(this.rows);
    const m = (amount: number) => money(amount, this.currency);
    return html`<figure>
      <div class="plot" data-testid="chart" role="img"
        aria-label=${msg(str`Daily sales and commission, last ${this.days} days`, { id: 'chart.label' })}></div>
      <figcaption class="muted" data-testid="chart-summary">
        ${msg(
          str`${sum.count} sales, ${m(sum.total)}, commission ${m(sum.commission)}, ${sum.failed} failed`,
          {
            id: 'chart.summary',
          },
        )}
      </figcaption>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sales-chart': SalesChart;
  }
}
