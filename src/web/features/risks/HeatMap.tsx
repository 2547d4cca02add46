import { Group, Paper, SegmentedControl, Table, Text, Title, UnstyledButton } from '@mantine/core';
import type { Heatmap } from '../../../contracts/risks';

export type HeatView = 'inherent' | 'residual';
export interface Cell {
  view: HeatView;
  likelihood: number;
  impact: number;
}

/** Green to red by score (likelihood × impact), as risk matrices are read. */
function colour(score: number, count: number) {
  if (count === 0) return 'var(--mantine-color-gray-0)';
  if (score >= 15) return 'var(--mantine-color-red-3)';
  if (score >= 8) return 'var(--mantine-color-orange-2)';
  if (score >= 4) return 'var(--mantine-color-yellow-2)';
  return 'var(--mantine-color-green-2)';
}

/** The 5×5 heat map: likelihood up the side (5 at the top), impact along the bottom; a cell filters the register. */
export function HeatMap({
  data,
  view,
  onView,
  selected,
  onSelect,
}: {
  data: Heatmap;
  view: HeatView;
  onView: (v: HeatView) => void;
  selected: Cell | null;
  onSelect: (c: Cell | null) => void;
}) {
  const grid = data[view];
  return (
    <Paper withBorder p="md" data-testid="heat-map">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Heat map</Title>
        <SegmentedControl
          aria-label="Heat map view"
          size="xs"
          value={view}
          onChange={(v) => onView(v as HeatView)}
          data={[
            { value: 'inherent', label: 'Inherent' },
            { value: 'residual', label: 'Residual' },
          ]}
        />
      </Group>
      <Table withTableBorder withColumnBorders style={{ tableLayout: 'fixed' }}>
        <Table.Tbody>
          {[5, 4, 3, 2, 1].map((l) => (
            <Table.Tr key={l}>
              <Table.Th w={90}>
                <Text size="xs">Likelihood {l}</Text>
              </Table.Th>
              {[1, 2, 3, 4, 5].map((i) => {
                const count = grid[l - 1]?.[i - 1] ?? 0;
                const active = selected?.view === view && selected.likelihood === l && selected.impact === i;
                return (
                  <Table.Td
                    key={i}
                    p={0}
                    style={{
                      background: colour(l * i, count),
                      outline: active ? '3px solid var(--mantine-color-blue-6)' : undefined,
                    }}
                  >
                    <UnstyledButton
                      w="100%"
                      py="sm"
                      ta="center"
                      disabled={count === 0}
                      data-testid={`heat-cell-${l}-${i}`}
                      aria-label={`Likelihood ${l}, impact ${i}: ${count} risk${count === 1 ? '' : 's'}`}
                      aria-pressed={active}
                      onClick={() => onSelect(active ? null : { view, likelihood: l, impact: i })}
                    >
                      <Text fw={count ? 700 : 400} c={count ? undefined : 'dimmed'}>
                        {count}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th />
            {[1, 2, 3, 4, 5].map((i) => (
              <Table.Th key={i} ta="center">
                <Text size="xs">Impact {i}</Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        {data.total} risk{data.total === 1 ? '' : 's'} not closed under these filters. Click a cell to list
        the risks in it.
      </Text>
    </Paper>
  );
}
