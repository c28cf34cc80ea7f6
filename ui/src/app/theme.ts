import { createTheme } from "@mantine/core";

// One spacing scale and one radius across the app; dense tables, calm colours.
export const theme = createTheme({
  primaryColor: "teal",
  defaultRadius: "md",
  fontFamily: "Inter, 'Segoe UI', Cantarell, 'Noto Sans', system-ui, sans-serif",
  headings: { fontWeight: "600" },
  components: {
    Button: { defaultProps: { size: "sm" } },
    TextInput: { defaultProps: { size: "sm" } },
    Select: { defaultProps: { size: "sm", allowDeselect: false } },
    Badge: { defaultProps: { variant: "light", radius: "sm" } },
  },
});
