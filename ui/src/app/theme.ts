import { createTheme, defaultVariantColorsResolver, parseThemeColor, type VariantColorsResolver } from "@mantine/core";

/** WCAG AA (4.5:1) for text on the "light" and "subtle" variants (badges, small buttons):
 * Mantine's default uses shade 6, about 2.5:1 for teal; the text is darkened instead. */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== "light" && input.variant !== "subtle") return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colors;
  return { ...colors, color: `color-mix(in srgb, var(--mantine-color-${parsed.color}-9), black 40%)` };
};

// One spacing scale and one radius across the app; dense tables, calm colours. Colours are
// chosen for contrast (axe-core checks every screen the e2e visits, issue 22): filled
// controls use shade 9, and the lightest of them (yellow, orange, green) take dark text.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.18,
  variantColorResolver,
  defaultRadius: "md",
  fontFamily: "Inter, 'Segoe UI', Cantarell, 'Noto Sans', system-ui, sans-serif",
  headings: { fontWeight: "600" },
  components: {
    Button: { defaultProps: { size: "sm" } },
    TextInput: { defaultProps: { size: "sm" } },
    Select: { defaultProps: { size: "sm", allowDeselect: false } },
    Badge: { defaultProps: { variant: "light", radius: "sm" } },
    // A close button without a name is a "critical" finding for a screen reader user. A
    // dialog's title bar is Mantine's <header>: without a role of its own, axe counts it as
    // a second page banner (a "moderate" finding on every dialog).
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close" }, attributes: { header: { role: "none" } } } },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Close" }, attributes: { header: { role: "none" } } } },
    Notification: { defaultProps: { closeButtonProps: { "aria-label": "Dismiss" } } },
    Alert: { defaultProps: { closeButtonLabel: "Dismiss" } },
    // A menu may hold only menu items: Mantine's focus placeholder (a bare focusable div)
    // is a "critical" finding. Without it the menu itself takes the focus, and the arrow
    // keys go to its items as before.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
  },
});
