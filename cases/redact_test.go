package cases

import (
	"strings"
	"testing"
)

// redactCase is one note as an agent might type it and what must be stored.
type redactCase struct {
	name string
	in   string
	want string
	r    Redaction
	// lookalike marks inputs that deliberately contain digit groups whose
	// concatenation passes the Luhn check without being a card, to prove
	// they are left alone; the "no card survives" check skips them.
	lookalike bool
}

var redactCorpus = []redactCase{
	// Card numbers.
	{name: "visa 16 spaced, Spanish", in: "Tarjeta del cliente: 4111 1111 1111 1111, caduca 12/27.", want: "Tarjeta del cliente: •••• 1111, caduca 12/27.", r: Redaction{Cards: 1}},
	{name: "visa 16 in one piece, English", in: "Customer read card 4111111111111111 twice", want: "Customer read card •••• 1111 twice", r: Redaction{Cards: 1}},
	{name: "mastercard with dashes", in: "card 5555-5555-5555-4444 declined", want: "card •••• 4444 declined", r: Redaction{Cards: 1}},
	{name: "amex 15 in one piece", in: "Amex 378282246310005.", want: "Amex •••• 0005.", r: Redaction{Cards: 1}},
	{name: "amex 4-6-5", in: "amex 3782 822463 10005 ok", want: "amex •••• 0005 ok", r: Redaction{Cards: 1}},
	{name: "diners 14 in one piece", in: "Diners 30569309025904", want: "Diners •••• 5904", r: Redaction{Cards: 1}},
	{name: "diners 4-6-4", in: "diners: 3056 930902 5904; ok", want: "diners: •••• 5904; ok", r: Redaction{Cards: 1}},
	{name: "visa 13", in: "tarjeta antigua 4222222222222", want: "tarjeta antigua •••• 2222", r: Redaction{Cards: 1}},
	{name: "maestro 19 grouped 4-4-4-4-3", in: "Maestro 6304 0000 0000 0000 018 confirmada", want: "Maestro •••• 0018 confirmada", r: Redaction{Cards: 1}},
	{name: "19 digits in one piece", in: "nº 4111111111111111110", want: "nº •••• 1110", r: Redaction{Cards: 1}},
	{name: "split across a line break", in: "num: 4111 1111\n1111 1111 gracias", want: "num: •••• 1111 gracias", r: Redaction{Cards: 1}},
	{name: "dash left at the end of the line", in: "Card 5500-0000-\n0000-0004 too.", want: "Card •••• 0004 too.", r: Redaction{Cards: 1}},
	{name: "dash carried to the next line", in: "Card 5500-0000\n-0000-0004 too.", want: "Card •••• 0004 too.", r: Redaction{Cards: 1}},
	{name: "CRLF break with spaces around", in: "6011 1111 1111 \r\n 1117\r\nfin", want: "•••• 1117\r\nfin", r: Redaction{Cards: 1}},
	{name: "dots", in: "Discover 6011.1111.1111.1117.", want: "Discover •••• 1117.", r: Redaction{Cards: 1}},
	{name: "tabs between the groups", in: "card 4111\t1111\t1111\t1111 ok", want: "card •••• 1111 ok", r: Redaction{Cards: 1}},
	{name: "lone carriage returns", in: "5500\r0000\r0000\r0004", want: "•••• 0004", r: Redaction{Cards: 1}},
	{name: "a form feed from a paste", in: "4111 1111\f1111 1111", want: "•••• 1111", r: Redaction{Cards: 1}},
	{name: "no-break spaces from a paste", in: "4111\u00a01111\u00a01111\u00a01111", want: "•••• 1111", r: Redaction{Cards: 1}},
	{name: "two groups of eight", in: "dictó 41111111 11111111 despacio", want: "dictó •••• 1111 despacio", r: Redaction{Cards: 1}},
	{name: "glued to a word", in: "visa4000056655665556", want: "visa•••• 5556", r: Redaction{Cards: 1}},
	{name: "colon without a space", in: "tarjeta:4111 1111 1111 1111", want: "tarjeta:•••• 1111", r: Redaction{Cards: 1}},
	// A label glued by a hyphen or an underscore makes "ESC-20261123" a
	// reference; the groups a card is typed in still make a card after it.
	{name: "label glued by a hyphen", in: "ACC-4111 1111 1111 1111 ok", want: "ACC-•••• 1111 ok", r: Redaction{Cards: 1}},
	{name: "label glued by an underscore", in: "tarjeta_5555 5555 5555 4444", want: "tarjeta_•••• 4444", r: Redaction{Cards: 1}},
	// "1111 1111 1111 2024" passes Luhn too: both candidates go in one mask.
	{name: "card against a year", in: "Tarjeta 4111 1111 1111 1111 2024 vence", want: "Tarjeta •••• 2024 vence", r: Redaction{Cards: 1}},
	{name: "two cards in one note", in: "primera 4111111111111111, segunda 5555 5555 5555 4444", want: "primera •••• 1111, segunda •••• 4444", r: Redaction{Cards: 2}},
	// Cards on consecutive lines are two cards: each is masked whole on its
	// own line and the line break stays. A chance Luhn match across the
	// break (the end of one card and the start of the next) does not make
	// them one mask, which would drop the break and could leave a part of a
	// card the in-line pass did not see.
	{name: "card read out in pairs", in: "tarjeta 4111 11 11 1111 1111 gracias", want: "tarjeta •••• 1111 gracias", r: Redaction{Cards: 1}},
	{name: "cards on two lines, the first in pairs", in: "Tarjetas: 4111 11 11 1111 1111\n4111 1111 1111 1111 ok", want: "Tarjetas: •••• 1111\n•••• 1111 ok", r: Redaction{Cards: 2}},
	{name: "cards on two lines", in: "4111 1111 1111 1111\n5555 5555 5555 4444", want: "•••• 1111\n•••• 4444", r: Redaction{Cards: 2}},
	{name: "cards with dashes on two CRLF lines", in: "a 4111-1111-1111-1111\r\n5555-5555-5555-4444 b", want: "a •••• 1111\r\n•••• 4444 b", r: Redaction{Cards: 2}},
	// "1111 1111 1111 2024" across the break passes Luhn: the year is
	// masked, as on one line, but on its own line.
	{name: "card then a year on the next line", in: "4111 1111 1111 1111\n2024 alta", want: "•••• 1111\n•••• alta", r: Redaction{Cards: 1}},
	{name: "card after a phone number", in: "Tel +34 612 345 678 4111 1111 1111 1111", want: "Tel +34 612 345 678 •••• 1111", r: Redaction{Cards: 1}},
	{name: "card and CVV in Spanish", in: "El cliente dictó su tarjeta 4000 0566 5566 5556 y el CVV es 123, pago hecho.", want: "El cliente dictó su tarjeta •••• 5556 y el CVV es ***, pago hecho.", r: Redaction{Cards: 1, SecurityCodes: 1}},
	{name: "CVV right after the card", in: "Card 5555555555554444 exp 09/28 CVC 737", want: "Card •••• 4444 exp 09/28 CVC ***", r: Redaction{Cards: 1, SecurityCodes: 1}},

	// Security codes.
	{name: "CVV colon", in: "CVV: 123", want: "CVV: ***", r: Redaction{SecurityCodes: 1}},
	{name: "cvv es", in: "cvv es 123", want: "cvv es ***", r: Redaction{SecurityCodes: 1}},
	{name: "security code spaced out", in: "the security code is 4 5 6", want: "the security code is ***", r: Redaction{SecurityCodes: 1}},
	{name: "código de seguridad, 4 digits", in: "código de seguridad 1234", want: "código de seguridad ***", r: Redaction{SecurityCodes: 1}},
	{name: "codigo de seguridad without accent, upper case", in: "CODIGO DE SEGURIDAD: 987.", want: "CODIGO DE SEGURIDAD: ***.", r: Redaction{SecurityCodes: 1}},
	{name: "código CVV", in: "Código CVV 321 leído por el cliente", want: "Código CVV *** leído por el cliente", r: Redaction{SecurityCodes: 1}},
	{name: "CVC2 equals", in: "CVC2=987", want: "CVC2=***", r: Redaction{SecurityCodes: 1}},
	{name: "Amex CID", in: "Amex CID 1234 ok", want: "Amex CID *** ok", r: Redaction{SecurityCodes: 1}},
	{name: "digits on the back", in: "the three digits on the back are 777", want: "the three digits on the back are ***", r: Redaction{SecurityCodes: 1}},
	{name: "dígitos del reverso spaced", in: "dígitos del reverso: 5 5 5", want: "dígitos del reverso: ***", r: Redaction{SecurityCodes: 1}},
	{name: "dígitos de atrás in a sentence", in: "Me dio los dígitos de atrás, que son 404, y colgó", want: "Me dio los dígitos de atrás, que son ***, y colgó", r: Redaction{SecurityCodes: 1}},
	{name: "decomposed accent", in: "co\u0301digo de seguridad 555", want: "co\u0301digo de seguridad ***", r: Redaction{SecurityCodes: 1}},

	// PINs.
	{name: "PIN spaced out", in: "PIN 1 2 3 4", want: "PIN ****", r: Redaction{PINs: 1}},
	{name: "mi pin es", in: "mi pin es 4321", want: "mi pin es ****", r: Redaction{PINs: 1}},
	{name: "NIP", in: "NIP: 9876", want: "NIP: ****", r: Redaction{PINs: 1}},
	{name: "la clave es", in: "la clave es 2580", want: "la clave es ****", r: Redaction{PINs: 1}},
	{name: "clave a few words away", in: "la clave que me dio es 2580.", want: "la clave que me dio es ****.", r: Redaction{PINs: 1}},
	{name: "English PIN in pairs", in: "Customer's PIN is 12 34, verified", want: "Customer's PIN is ****, verified", r: Redaction{PINs: 1}},
	{name: "contraseña numérica", in: "Contraseña numérica 135790", want: "Contraseña numérica ****", r: Redaction{PINs: 1}},
	{name: "passcode", in: "passcode 24680 given", want: "passcode **** given", r: Redaction{PINs: 1}},
	{name: "número secreto", in: "número secreto: 1111", want: "número secreto: ****", r: Redaction{PINs: 1}},
	{name: "PIN eight digits", in: "Pin Number = 87654321", want: "Pin Number = ****", r: Redaction{PINs: 1}},
	{name: "nearest keyword decides", in: "pidió CVV y PIN 1234", want: "pidió CVV y PIN ****", r: Redaction{PINs: 1}},
	{name: "code and PIN in one note", in: "CVV 123; PIN 4455", want: "CVV ***; PIN ****", r: Redaction{SecurityCodes: 1, PINs: 1}},
	{name: "PIN followed by more digits", in: "PIN 1234 5678 9012", want: "PIN **** 5678 9012", r: Redaction{PINs: 1}},
	{name: "PIN after its length", in: "Dictó su PIN de 4 dígitos: 5678", want: "Dictó su PIN de 4 dígitos: ****", r: Redaction{PINs: 1}},
	{name: "PIN after its length in English", in: "PIN (6 digits) 135790 read out", want: "PIN (6 digits) **** read out", r: Redaction{PINs: 1}},
	{name: "CVV after its length", in: "CVV de 3 dígitos 321", want: "CVV de 3 dígitos ***", r: Redaction{SecurityCodes: 1}},

	// Keywords written with abbreviation dots, hyphens or a "number" word
	// before the digits: "no.", "núm.", "n.º", "#" and their kin say which
	// number follows; their dot is not the end of a sentence.
	{name: "PIN no.", in: "PIN no. 5678", want: "PIN no. ****", r: Redaction{PINs: 1}},
	{name: "PIN No. glued", in: "PIN No.5678 dado", want: "PIN No.**** dado", r: Redaction{PINs: 1}},
	{name: "PIN #", in: "PIN #5678", want: "PIN #****", r: Redaction{PINs: 1}},
	{name: "PIN number colon", in: "PIN number: 5678", want: "PIN number: ****", r: Redaction{PINs: 1}},
	{name: "PIN colon then no.", in: "PIN: no. 1234", want: "PIN: no. ****", r: Redaction{PINs: 1}},
	{name: "PIN nro.", in: "PIN nro. 1234", want: "PIN nro. ****", r: Redaction{PINs: 1}},
	{name: "PIN n°", in: "PIN n° 5678", want: "PIN n° ****", r: Redaction{PINs: 1}},
	{name: "NIP núm.", in: "NIP núm. 1234", want: "NIP núm. ****", r: Redaction{PINs: 1}},
	{name: "clave n.º", in: "clave n.º 4321", want: "clave n.º ****", r: Redaction{PINs: 1}},
	{name: "clave n.o", in: "la clave n.o 4321", want: "la clave n.o ****", r: Redaction{PINs: 1}},
	{name: "número de PIN", in: "número de PIN: 2468", want: "número de PIN: ****", r: Redaction{PINs: 1}},
	{name: "P.I.N. dotted", in: "P.I.N. 1234", want: "P.I.N. ****", r: Redaction{PINs: 1}},
	{name: "pin glued by a dot", in: "pin.1234", want: "pin.****", r: Redaction{PINs: 1}},
	{name: "c.v.v. dotted", in: "c.v.v. 123", want: "c.v.v. ***", r: Redaction{SecurityCodes: 1}},
	{name: "c.v.c. dotted", in: "c.v.c. 321", want: "c.v.c. ***", r: Redaction{SecurityCodes: 1}},
	{name: "C.V.V.2 dotted", in: "C.V.V.2: 123", want: "C.V.V.2: ***", r: Redaction{SecurityCodes: 1}},
	{name: "CVV2 colon", in: "CVV2: 123", want: "CVV2: ***", r: Redaction{SecurityCodes: 1}},
	{name: "CVV-2", in: "CVV-2 123", want: "CVV-2 ***", r: Redaction{SecurityCodes: 1}},
	{name: "cvv no.", in: "cvv no. 123", want: "cvv no. ***", r: Redaction{SecurityCodes: 1}},
	{name: "security-code hyphenated", in: "security-code 123", want: "security-code ***", r: Redaction{SecurityCodes: 1}},
	{name: "security_code", in: "security_code=123", want: "security_code=***", r: Redaction{SecurityCodes: 1}},
	{name: "sec. code", in: "sec. code 123", want: "sec. code ***", r: Redaction{SecurityCodes: 1}},
	{name: "sec code", in: "sec code: 123", want: "sec code: ***", r: Redaction{SecurityCodes: 1}},
	{name: "código de seguridad colon", in: "código de seguridad: 123", want: "código de seguridad: ***", r: Redaction{SecurityCodes: 1}},
	{name: "cód. de seguridad", in: "cód. de seguridad 123", want: "cód. de seguridad ***", r: Redaction{SecurityCodes: 1}},
	{name: "código seguridad", in: "código seguridad 456", want: "código seguridad ***", r: Redaction{SecurityCodes: 1}},
	{name: "código-de-seguridad", in: "codigo-de-seguridad: 789", want: "codigo-de-seguridad: ***", r: Redaction{SecurityCodes: 1}},
	// Acronyms spelled out letter by letter, as an agent types what was
	// read out: the letters count when a blank or a dot stands between them.
	{name: "c v v spaced", in: "c v v 123", want: "c v v ***", r: Redaction{SecurityCodes: 1}},
	{name: "C V V colon", in: "C V V: 321 ok", want: "C V V: *** ok", r: Redaction{SecurityCodes: 1}},
	{name: "p i n spaced", in: "su p i n es 2580", want: "su p i n es ****", r: Redaction{PINs: 1}},
	{name: "P. I. N. dotted and spaced", in: "P. I. N. 1234", want: "P. I. N. ****", r: Redaction{PINs: 1}},
	{name: "security no.", in: "security no. 123", want: "security no. ***", r: Redaction{SecurityCodes: 1}},
	{name: "security number", in: "security number is 4321", want: "security number is ***", r: Redaction{SecurityCodes: 1}},
	{name: "número de seguridad", in: "número de seguridad: 456", want: "número de seguridad: ***", r: Redaction{SecurityCodes: 1}},
	{name: "núm. de seguridad", in: "núm. de seguridad 789", want: "núm. de seguridad ***", r: Redaction{SecurityCodes: 1}},

	// Look-alikes that stay exactly as typed.
	{name: "Spanish phone", in: "Llamar al +34 612 345 678 mañana", want: "Llamar al +34 612 345 678 mañana"},
	{name: "US phone", in: "callback (555) 123-4567", want: "callback (555) 123-4567"},
	{name: "phone then amount", in: "Llamar al 655 123 456 1500 € pendientes", want: "Llamar al 655 123 456 1500 € pendientes", lookalike: true},
	{name: "year then phone", in: "Alta en 2026 655 123 456", want: "Alta en 2026 655 123 456", lookalike: true},
	{name: "year then phone in one piece", in: "alta 2026 655123456", want: "alta 2026 655123456", lookalike: true},
	{name: "postcode then phone", in: "CP 28001 611 223 344", want: "CP 28001 611 223 344", lookalike: true},
	{name: "date then number", in: "2025-01-15 12345 recibido", want: "2025-01-15 12345 recibido", lookalike: true},
	{name: "IBAN", in: "IBAN ES61 2100 0418 5181 9093 7865", want: "IBAN ES61 2100 0418 5181 9093 7865", lookalike: true},
	{name: "amounts and a date", in: "Importe 1.234,56 € cargado el 23/11/2026; refund of $1,234.56 approved", want: "Importe 1.234,56 € cargado el 23/11/2026; refund of $1,234.56 approved"},
	{name: "ticket number", in: "Ticket ESC-20261123-0042 abierto", want: "Ticket ESC-20261123-0042 abierto"},
	{name: "card-length number failing Luhn", in: "cuenta 4111 1111 1111 1112 y 4111111111111112", want: "cuenta 4111 1111 1111 1112 y 4111111111111112"},
	{name: "account number", in: "account 1234567890", want: "account 1234567890"},
	{name: "twenty digits", in: "referencia 12345678901234567890", want: "referencia 12345678901234567890"},
	{name: "postcode", in: "código postal 28001", want: "código postal 28001"},
	{name: "pin inside other words", in: "spinning 1234, Pinterest 2345, pinto 3456, autoclave 4567", want: "spinning 1234, Pinterest 2345, pinto 3456, autoclave 4567"},
	{name: "PIN without digits", in: "PIN verified", want: "PIN verified"},
	{name: "PIN then another number", in: "PIN verified, account 12345678", want: "PIN verified, account 12345678"},
	{name: "PIN then a new sentence", in: "PIN verified. Amount 5000", want: "PIN verified. Amount 5000"},
	{name: "clave without digits near", in: "pregunta por la clave de la factura", want: "pregunta por la clave de la factura"},
	{name: "clave then an invoice number", in: "clave de la factura F-2026-0042", want: "clave de la factura F-2026-0042"},
	{name: "PIN then a date", in: "PIN reset on 2024-05-01", want: "PIN reset on 2024-05-01"},
	{name: "CVV then an amount", in: "cvv 12.50", want: "cvv 12.50"},
	// A "number" word after an unrelated word is only a number: the
	// keyword, not "no." or "#", is what makes digits a secret.
	{name: "plan no.", in: "plan no. 5 de 2026", want: "plan no. 5 de 2026"},
	{name: "order no. glued", in: "order No.12345678 sent", want: "order No.12345678 sent"},
	{name: "room # in a sentence", in: "Ticket #4567 abierto", want: "Ticket #4567 abierto"},
	// Single letters that only look like an acronym spelled out.
	{name: "initials before a number", in: "C. V. Vargas 123 Main St", want: "C. V. Vargas 123 Main St"},
	{name: "security alone", in: "security question 2 answered, 1234 attempts", want: "security question 2 answered, 1234 attempts"},
	{name: "security no longer", in: "security no longer asks for it since 2024", want: "security no longer asks for it since 2024"},
	{name: "social security number", in: "social security number is 123 45 6789", want: "social security number is 123 45 6789"},
	{name: "número de seguridad social", in: "número de seguridad social: 123", want: "número de seguridad social: 123"},
	{name: "a reference glued by a hyphen, dashed", in: "REF-2026-1123-0042", want: "REF-2026-1123-0042"},
	// "pin" as a verb: the case number after it is blocked, as after a PIN.
	{name: "pin as a verb", in: "pin the note to case 1234", want: "pin the note to case 1234"},
	// A sentence still ends at a dot that no number word owns.
	{name: "PIN then no. in a new sentence", in: "PIN verified. No. 5000 is the amount", want: "PIN verified. No. 5000 is the amount"},
	{name: "dot after a PIN word not an abbreviation", in: "PIN changed. 2026 was the year", want: "PIN changed. 2026 was the year"},
	{name: "sec as seconds", in: "wait 30 sec, 1234 callers ahead", want: "wait 30 sec, 1234 callers ahead"},
	{name: "masked account", in: "cuenta ••••••7890", want: "cuenta ••••••7890"},
	{name: "already redacted", in: "tarjeta •••• 1111 cvv *** PIN ****", want: "tarjeta •••• 1111 cvv *** PIN ****"},
}

func TestRedactCorpus(t *testing.T) {
	if len(redactCorpus) < 40 {
		t.Fatalf("corpus has %d cases, want at least 40", len(redactCorpus))
	}
	for _, c := range redactCorpus {
		t.Run(c.name, func(t *testing.T) {
			got, r := Redact(c.in)
			if got != c.want {
				t.Errorf("Redact(%q)\n got  %q\n want %q", c.in, got, c.want)
			}
			if r != c.r {
				t.Errorf("Redact(%q) counts %+v, want %+v", c.in, r, c.r)
			}
			if r.Any() != (c.in != c.want) {
				t.Errorf("Any() = %v but the text changed: %v", r.Any(), c.in != c.want)
			}
			again, r2 := Redact(got)
			if again != got || r2.Any() {
				t.Errorf("not idempotent: %q -> %q (%+v)", got, again, r2)
			}
		})
	}
}

// TestRedactLeavesNoCard checks the outputs with a rule blunter than
// Redact's: any digit groups joined by one separator that add up to 13-19
// digits and pass Luhn count as a card.
func TestRedactLeavesNoCard(t *testing.T) {
	for _, c := range redactCorpus {
		if c.lookalike {
			// Otherwise the case would prove nothing.
			if redactLooseCard(c.in) == "" {
				t.Errorf("%s: %q is marked lookalike but holds no Luhn-valid sequence", c.name, c.in)
			}
			continue
		}
		got, _ := Redact(c.in)
		if card := redactLooseCard(got); card != "" {
			t.Errorf("%s: %q still holds card-like %q", c.name, got, card)
		}
	}
}

// redactLooseCard returns the first Luhn-valid sequence of 13-19 digits in
// s, reading across single spaces, dashes, dots and line breaks.
func redactLooseCard(s string) string {
	var groups []string // digit groups of the current chain
	flush := func() string {
		for i := range groups {
			d := ""
			for j := i; j < len(groups); j++ {
				d += groups[j]
				if len(d) > 19 {
					break
				}
				if len(d) >= 13 && redactLuhnString(d) {
					return d
				}
			}
		}
		groups = groups[:0]
		return ""
	}
	for i, j := range redactDigitSpans(s) {
		groups = append(groups, s[i:j])
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r') {
			k++
		}
		joined := k < len(s) && redactIsDigit(s[k]) && k-j == 1 ||
			j+1 < len(s) && strings.ContainsRune("-.", rune(s[j])) && redactIsDigit(s[j+1])
		if !joined && k < len(s) && s[k] == '\n' {
			for k++; k < len(s) && (s[k] == ' ' || s[k] == '\t'); k++ {
			}
			joined = k < len(s) && redactIsDigit(s[k])
		}
		if !joined {
			if d := flush(); d != "" {
				return d
			}
		}
	}
	return flush()
}

func redactLuhnString(d string) bool {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

func TestRedactLooseCardFindsCards(t *testing.T) {
	for _, s := range []string{"4111 1111\n1111 1111", "4111-1111-1111-1111", "x 6011.1111.1111.1117", "4222222222222"} {
		if redactLooseCard(s) == "" {
			t.Errorf("the checker misses %q", s)
		}
	}
}

func TestRedactNoDigits(t *testing.T) {
	for _, s := range []string{"", "PIN verified", "código de seguridad pendiente", "\xff\xfe clave", "•••• ***"} {
		if got, r := Redact(s); got != s || r.Any() {
			t.Errorf("Redact(%q) = %q, %+v", s, got, r)
		}
	}
}

// redactNote is a realistic note: long, bilingual, mostly harmless numbers
// and a few secrets.
func redactNote(size int) string {
	paras := []string{
		"Cliente llama por un cargo no reconocido de 1.234,56 € del 23/11/2026. Se verifica identidad con DNI y fecha de nacimiento.\n",
		"Customer called about a duplicate charge of $89.99; refund of $1,234.56 approved by supervisor. Callback (555) 123-4567.\n",
		"Dictó la tarjeta 4111 1111 1111 1111 y el CVV es 123 aunque se le pidió que no lo hiciera.\n",
		"Ticket ESC-20261123-0042 abierto para revisión. Teléfono de contacto +34 612 345 678, horario de 9:00 a 14:00.\n",
		"Customer's PIN is 1 2 3 4 according to the note; advised to change it at an ATM. Account 1234567890.\n",
		"IBAN ES91 2100 0418 4502 0005 1332 para la devolución; código postal 28001, Madrid.\n",
		"Amex 3782 822463 10005, security code 4 5 6 7; the customer then hung up.\n",
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(paras[i%len(paras)])
	}
	return b.String()
}

// A 1 MB note is redacted completely (BenchmarkRedact measures the speed).
func TestRedactLargeNote(t *testing.T) {
	note := redactNote(1 << 20)
	out, r := Redact(note)
	if r.Cards == 0 || r.SecurityCodes == 0 || r.PINs == 0 {
		t.Errorf("counts %+v", r)
	}
	if card := redactLooseCard(out); card != "" {
		t.Errorf("card-like %q left", card)
	}
}

// Hostile shapes: long digit runs, walls of keywords, many short groups.
// pathological are inputs built to make a backtracking redactor crawl.
var pathological = []string{"1", "4111 ", "1 ", "PIN ", "cvv 1 ", "clave de la la la ", "ES91 2100 ", "9", "•"}

// Pathological inputs are handled correctly; how fast is measured by
// BenchmarkRedactPathological, not by a timed test.
func TestRedactPathologicalInput(t *testing.T) {
	for _, unit := range pathological {
		s := strings.Repeat(unit, (64<<10)/len(unit))
		once, _ := Redact(s)
		if twice, _ := Redact(once); twice != once {
			t.Errorf("%q: not idempotent", unit)
		}
	}
}

func BenchmarkRedactPathological(b *testing.B) {
	for _, unit := range pathological {
		s := strings.Repeat(unit, (1<<20)/len(unit))
		b.Run(strings.TrimSpace(unit), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				Redact(s)
			}
		})
	}
}

func BenchmarkRedact(b *testing.B) {
	note := redactNote(10 << 10)
	b.SetBytes(int64(len(note)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(note)
	}
}

// Groups split by characters that print as nothing are one card number:
// the store drops a NUL, a printer a zero-width space, and what is left
// must not be the number whole.
func TestRedactSeesThroughInvisibleSeparators(t *testing.T) {
	for _, sep := range []string{"\x00", "\x1b", "\x7f", "\u0085", "\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad"} {
		in := "card " + strings.Join([]string{"4111", "1111", "1111", "1111"}, sep) + " end"
		if got := Scrub(in); redactLooseCard(strings.Map(func(r rune) rune {
			if redactInvisible(r) {
				return -1
			}
			return r
		}, got)) != "" {
			t.Errorf("split by %q: stored as %q", sep, got)
		}
	}
}
