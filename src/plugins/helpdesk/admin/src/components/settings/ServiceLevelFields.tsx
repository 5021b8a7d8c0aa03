import { Box, Field, Flex, Grid, NumberInput, TextInput, Toggle, Typography } from '@strapi/design-system';
import type { RuntimeSettings } from '../../api/types';

type ServiceLevels = RuntimeSettings['serviceLevels'];
type Week = ServiceLevels['businessHours']['week'];

const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
const WEEKDAYS: Array<[keyof Week, string]> = [
  ['monday', 'Monday'],
  ['tuesday', 'Tuesday'],
  ['wednesday', 'Wednesday'],
  ['thursday', 'Thursday'],
  ['friday', 'Friday'],
  ['saturday', 'Saturday'],
  ['sunday', 'Sunday'],
];
const DEFAULT_DAY = { start: '09:00', end: '17:00' };

interface Props {
  value: ServiceLevels;
  onChange(next: ServiceLevels): void;
  /** The server's message for a field (e.g. "serviceLevels.targets.High.firstResponseHours"), if it refused it. */
  problem(field: string): string | undefined;
}

/** SLA targets per priority and the business hours they may count in (saved with the other settings). */
export const ServiceLevelFields = ({ value, onChange, problem }: Props) => {
  const hours = value.businessHours;
  const setHours = (next: Partial<ServiceLevels['businessHours']>) => onChange({ ...value, businessHours: { ...hours, ...next } });
  const setDay = (day: keyof Week, next: Week[keyof Week]) => setHours({ week: { ...hours.week, [day]: next } });

  return (
    <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-label="Service levels">
      <Typography variant="delta" tag="h2">
        Service levels
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        Targets per priority, in hours, from when a ticket is opened: the first public reply by staff, and resolution. Waiting on Customer pauses
        the resolution clock. Changed targets apply to tickets opened from now on; open tickets keep the due times they were given.
      </Typography>
      <Grid.Root gap={4}>
        {PRIORITIES.map((priority) => (
          <Grid.Item key={priority} col={3} s={6} xs={12} direction="column" alignItems="stretch">
            <Typography variant="sigma" textColor="neutral600">
              {priority}
            </Typography>
            {(['firstResponseHours', 'resolutionHours'] as const).map((key) => {
              const name = `serviceLevels.targets.${priority}.${key}`;
              return (
                <Field.Root key={key} name={name} error={problem(name)}>
                  <Field.Label>{key === 'firstResponseHours' ? 'First response (hours)' : 'Resolution (hours)'}</Field.Label>
                  <NumberInput
                    step={0.25}
                    value={value.targets[priority][key]}
                    onValueChange={(v: number | undefined) =>
                      onChange({ ...value, targets: { ...value.targets, [priority]: { ...value.targets[priority], [key]: v } } })
                    }
                  />
                  <Field.Error />
                </Field.Root>
              );
            })}
          </Grid.Item>
        ))}
      </Grid.Root>
      <Field.Root name="serviceLevels.businessHours.enabled" hint="Off: targets count every hour of every day. On: only the opening hours below, in the time zone below (no holidays).">
        <Field.Label>Count in business hours</Field.Label>
        <Toggle onLabel="On" offLabel="Off" checked={hours.enabled} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setHours({ enabled: e.target.checked })} />
        <Field.Hint />
      </Field.Root>
      {hours.enabled ? (
        <Box>
          <Field.Root name="serviceLevels.businessHours.timeZone" error={problem('serviceLevels.businessHours.timeZone')} hint="An IANA time zone, e.g. Europe/Paris or America/New_York.">
            <Field.Label>Time zone</Field.Label>
            <TextInput value={hours.timeZone} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setHours({ timeZone: e.target.value })} />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
          <Flex direction="column" alignItems="stretch" gap={2} paddingTop={4}>
            {WEEKDAYS.map(([day, label]) => {
              const open = hours.week[day];
              const base = `serviceLevels.businessHours.week.${day}`;
              return (
                <Flex key={day} gap={3} alignItems="flex-end" data-weekday={day}>
                  <Box width="10rem">
                    <Toggle
                      aria-label={`${label} open`}
                      onLabel={label}
                      offLabel="Closed"
                      checked={open !== null}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDay(day, e.target.checked ? DEFAULT_DAY : null)}
                    />
                  </Box>
                  {open ? (
                    <>
                      {(['start', 'end'] as const).map((edge) => (
                        <Field.Root key={edge} name={`${base}.${edge}`} error={problem(`${base}.${edge}`)} width="10rem">
                          <Field.Label>{`${label} ${edge === 'start' ? 'opens' : 'closes'}`}</Field.Label>
                          <TextInput
                            placeholder="HH:MM"
                            value={open[edge]}
                            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDay(day, { ...open, [edge]: e.target.value })}
                          />
                          <Field.Error />
                        </Field.Root>
                      ))}
                    </>
                  ) : null}
                </Flex>
              );
            })}
            {problem('serviceLevels.businessHours.week') ? (
              <Typography textColor="danger600" variant="pi">
                {problem('serviceLevels.businessHours.week')}
              </Typography>
            ) : null}
          </Flex>
        </Box>
      ) : null}
    </Flex>
  );
};
