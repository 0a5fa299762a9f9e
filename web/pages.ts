import { escapeHtml } from '../domain/html';

/**
 * The units' pages: server-rendered Vietnamese HTML that works without JavaScript, on a phone, and
 * prints cleanly. Every value shown is escaped here.
 */

const CSS = `
*{box-sizing:border-box}
body{font-family:"Noto Sans","Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1a1a1a;background:#f4f5f7;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:.8rem 1rem}
header p{margin:0;font-size:.9rem}
header h1{margin:.2rem 0 0;font-size:1.25rem}
main{max-width:46rem;margin:0 auto;padding:1rem}
section,form{background:#fff;border:1px solid #d8dbe0;border-radius:6px;padding:1rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:0 0 .6rem}
label{display:block;font-weight:600;margin:.8rem 0 .2rem}
.hint{font-weight:400;color:#555;font-size:.9rem}
input[type=text],input[type=number],textarea{width:100%;padding:.5rem;font:inherit;border:1px solid #9aa0a6;border-radius:4px}
textarea{min-height:6rem}
fieldset{border:1px solid #d8dbe0;border-radius:4px;margin:.8rem 0;padding:.6rem}
legend{font-weight:600}
.indicator{display:grid;grid-template-columns:1fr 7rem;gap:.4rem;align-items:center;margin:.4rem 0}
.indicator label{margin:0;font-weight:400}
.prefilled{background:#fff7d6;border-left:4px solid #d4a017;padding:.5rem;margin:.6rem 0}
.error{background:#fde8e8;border-left:4px solid #b42318;padding:.6rem;margin:0 0 1rem}
.done{background:#e7f6ec;border-left:4px solid #1e7b34;padding:.6rem;margin:0 0 1rem}
button{background:#8b1a1a;color:#fff;border:0;border-radius:4px;padding:.7rem 1.4rem;font:inherit;font-weight:600;margin-top:1rem;min-height:44px}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem;margin:0}
dt{color:#555}
footer{max-width:46rem;margin:0 auto;padding:0 1rem 2rem;color:#555;font-size:.85rem}
@media (max-width:30rem){.indicator{grid-template-columns:1fr 5.5rem}dl{grid-template-columns:1fr}dd{margin:0 0 .5rem;font-weight:600}}
@media print{header{background:none;color:#000;border-bottom:2px solid #000}body{background:#fff}button,.noprint{display:none}section,form{border:0;padding:0}}
`;

/** A whole page. `body` is HTML already escaped. */
export function page(
  title: string,
  body: string,
  subtitle = 'Ủy ban nhân dân thành phố Hải Phòng: kiểm tra công tác kiểm soát thủ tục hành chính',
): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><p>${escapeHtml(subtitle)}</p><h1>${escapeHtml(title)}</h1></header>
<main>
${body}
</main>
<footer>Trang này dành riêng cho đơn vị nhận email; không chuyển tiếp đường dẫn cho người ngoài đơn vị. Thắc mắc xin liên hệ Văn phòng UBND thành phố.</footer>
</body>
</html>
`;
}

/** A page that refuses a request: what happened and what to do. */
export function refusalPage(title: string, message: string): string {
  return page(
    title,
    `<section class="error" role="alert"><p>${escapeHtml(message)}</p><p>Nếu cần, đề nghị Văn phòng UBND thành phố gửi lại đường dẫn mới.</p></section>`,
  );
}

export const esc = escapeHtml;

/** A definition list of label/value pairs. */
export function facts(rows: [string, string][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}
