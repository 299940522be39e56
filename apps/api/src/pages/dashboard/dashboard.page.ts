import { Get, Render, UseGuards } from '@nestjs/common';
import { THEMES } from '@app/reference-data';
import { DashboardView } from '../../dashboard/dashboard-view.service';
import { PageController, SignedIn } from '../page-controller';
import { horizontalBars, stackedColumns } from './svg-charts';

const themeLabel = (code: string) => THEMES.find((theme) => theme.code === code)?.label ?? code;

/** The Steering Group's dashboard for every member: each chart drawn from the same figures as its table. */
@PageController('dashboard')
export class DashboardPage {
  constructor(private readonly view: DashboardView) {}

  @Get()
  @UseGuards(SignedIn)
  @Render('dashboard/dashboard')
  dashboard() {
    const figures = this.view.dashboard();
    const names = new Map(figures.updateStatus.networks.map((network) => [network.networkId, network.name]));
    const nameOf = (networkId: string) => names.get(networkId) ?? networkId;
    const quarters = [...new Set(figures.activity.map((row) => row.quarter))].sort();
    const networks = [...new Set(figures.activity.map((row) => row.networkId))].sort();
    const activityOf = (networkId: string, quarter: string) =>
      figures.activity.find((row) => row.networkId === networkId && row.quarter === quarter);
    const { reviewQueue, decisions, priorities, reach } = figures;
    return {
      title: 'Steering Group dashboard',
      figures,
      nameOf: (networkId: string) => nameOf(networkId),
      themeLabel,
      quarters,
      activityRows: networks.map((networkId) => ({
        name: nameOf(networkId),
        cells: quarters.map((quarter) => activityOf(networkId, quarter)),
      })),
      charts: {
        reviewAges: horizontalBars(
          'Review queue: days each item has waited',
          reviewQueue.items.map((item) => ({ label: item.title, value: item.ageDays, marked: item.overdue })),
          {
            unit: ' d',
            line: {
              value: reviewQueue.reviewWindowDays,
              label: `${reviewQueue.reviewWindowDays}-day window`,
            },
          },
        ),
        decisions: stackedColumns(
          'Decisions per quarter',
          decisions.byQuarter.map((row) => row.quarter),
          [
            { name: 'Approved', values: decisions.byQuarter.map((row) => row.approved) },
            { name: 'Rejected', values: decisions.byQuarter.map((row) => row.rejected) },
          ],
        ),
        activity: stackedColumns(
          'Submissions per quarter, by network',
          quarters,
          networks.map((networkId) => ({
            name: nameOf(networkId),
            values: quarters.map((quarter) => activityOf(networkId, quarter)?.submissions ?? 0),
          })),
        ),
        priorities:
          priorities &&
          horizontalBars(
            `Published material on each priority theme (${priorities.period})`,
            priorities.themes.map((row) => ({
              label: themeLabel(row.theme),
              value: row.published,
              marked: row.published === 0,
            })),
          ),
        reach: horizontalBars(
          'Share of the register’s annual funding represented',
          [
            {
              label: 'Contributing networks’ authorities',
              value: Math.round(reach.fundingShare * 1000) / 10,
            },
          ],
          { unit: '%', line: { value: 100, label: 'All of England’s register' } },
        ),
      },
    };
  }
}
