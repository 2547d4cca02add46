import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Light badges and alerts write their coloured text on a tint of the same colour; Mantine's
 * darkest shade there is below WCAG 2.1 AA for orange, yellow and teal (3.6:1 for an orange
 * "high" badge). Their text is that shade darkened by a quarter: 5:1 or more for every colour.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return result;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.color === undefined) return result;
  const darkest = input.theme.colors[parsed.color]?.[9];
  return darkest ? { ...result, color: darken(darkest, 0.25) } : result;
};

/** A calm, businesslike look: one blue, neutral greys, system fonts. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white button labels and indigo links at 5:1 or more against white and the grey
  // page (WCAG 2.1 AA asks 4.5:1; shade 6, Mantine's default, gives 4.1:1 on the page).
  primaryShade: 8,
  variantColorResolver,
  defaultRadius: 'md',
  fontFamily:
    'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    Badge: { defaultProps: { variant: 'light', radius: 'sm' } },
  },
});

/**
 * Mantine's dimmed text (grey 6) is 3.2:1 on the page's grey: below WCAG 2.1 AA's 4.5:1. Grey 7
 * keeps it quieter than body text at 7.8:1. test/e2e/accessibility.test.ts runs axe on every page.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Placeholders (grey 5, 2.1:1) are text a person must read, e.g. "Never" in an empty date.
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});
