// Answers whether the page has stopped moving, for a screenshot and an accessibility
// check that must see what a person sees. Shared by the window e2e (tests/e2e/driver.rs)
// and the portal's Chromium test. A dialog still sliding or fading is half there (axe
// found a closing drawer's section with no name under a CPU hog), and a notification
// fading in or out is half-transparent: axe measures its text against a blend no one
// sees (a tooltip fading in was read as white on grey, 3.6:1). Running animations that
// end (not a spinner's endless one) and any notification, dialog, drawer, tooltip, popover
// or menu not fully opaque count as unsettled: a transition's first frame is set before
// it runs.
const moving = document.getAnimations
  ? document.getAnimations()
      .filter((a) => a.playState === "running" && a.effect && a.effect.getTiming().iterations !== Infinity)
      .length
  : 0;
if (moving > 0) return false;
const layers = [
  ".mantine-Notification-root",
  ".mantine-Modal-content",
  ".mantine-Drawer-content",
  ".mantine-Tooltip-tooltip",
  ".mantine-Popover-dropdown",
  ".mantine-Menu-dropdown",
  ".mantine-Combobox-dropdown",
];
return [...document.querySelectorAll(layers.join(", "))].every((n) => {
  for (let e = n; e && e !== document.body; e = e.parentElement) {
    if (getComputedStyle(e).opacity !== "1") return false;
  }
  return true;
});
