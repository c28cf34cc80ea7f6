export function Logo({ size = 28 }: { size?: number }) {
  return <img src="/icon.png" width={size} height={size} alt="" style={{ borderRadius: size * 0.22 }} />;
}
