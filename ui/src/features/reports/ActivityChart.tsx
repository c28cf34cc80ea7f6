// The activity-over-time chart, loaded only when a report is shown (the first screen does
// not pay for the chart library). Rust sends at most ~2,000 points.
import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import type { ActivitySummary } from "../../gen/ActivitySummary";

const COLORS = ["blue.7", "teal.8", "grape.7", "orange.8", "red.8", "gray.7"];

export default function ActivityChart({ summary }: { summary: ActivitySummary }) {
  const data = summary.buckets.map((date, i) => {
    const point: Record<string, string | number> = { date };
    for (const s of summary.series) point[s.name] = s.counts[i] ?? 0;
    return point;
  });
  const series = summary.series.map((s, i) => ({ name: s.name, color: COLORS[i % COLORS.length] }));
  const busiest = summary.series[0]?.name;
  return (
    <div role="img" aria-label={`Activity per ${summary.bucket} by partner, ${summary.buckets.length} points per line${busiest ? `; busiest: ${busiest}` : ""}. The table view lists the same numbers.`}
      data-testid="activity-chart">
      <LineChart h={260} data={data} dataKey="date" series={series} curveType="linear" withLegend
        legendProps={{ verticalAlign: "bottom" }} withDots={data.length <= 30} tickLine="x" />
    </div>
  );
}
