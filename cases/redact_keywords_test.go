package cases

import "testing"

// redactKeywordCorpus holds the ways agents of a Spanish and English contact
// centre type a card security code or a PIN in a note, and the figures near
// such words that a case needs kept as typed.
var redactKeywordCorpus = []redactCase{
	// "clave de seguridad" names a card's security code as often as a PIN:
	// three digits are a code, four to eight a PIN.
	{name: "clave de seguridad, 3 digits", in: "clave de seguridad 987", want: "clave de seguridad ***", r: Redaction{SecurityCodes: 1}},
	{name: "clave de seguridad colon", in: "clave de seguridad: 987", want: "clave de seguridad: ***", r: Redaction{SecurityCodes: 1}},
	{name: "CLAVE DE SEGURIDAD upper case", in: "CLAVE DE SEGURIDAD 987 ok", want: "CLAVE DE SEGURIDAD *** ok", r: Redaction{SecurityCodes: 1}},
	{name: "clave de seguridad in a sentence", in: "me dio la clave de seguridad de la tarjeta: es 321", want: "me dio la clave de seguridad de la tarjeta: es ***", r: Redaction{SecurityCodes: 1}},
	{name: "clave de seguridad, 4 digits", in: "clave de seguridad 4321", want: "clave de seguridad ****", r: Redaction{PINs: 1}},
	{name: "clave de seguridad, 6 digits", in: "clave de seguridad 135790", want: "clave de seguridad ****", r: Redaction{PINs: 1}},
	{name: "clave seguridad spaced out", in: "clave seguridad 9 8 7", want: "clave seguridad ***", r: Redaction{SecurityCodes: 1}},
	{name: "clave secreta", in: "clave secreta 1234", want: "clave secreta ****", r: Redaction{PINs: 1}},
	{name: "clave numérica", in: "clave numérica 1234", want: "clave numérica ****", r: Redaction{PINs: 1}},

	// Verification codes.
	{name: "código de verificación", in: "código de verificación 123", want: "código de verificación ***", r: Redaction{SecurityCodes: 1}},
	{name: "codigo de verificacion without accents", in: "codigo de verificacion 123", want: "codigo de verificacion ***", r: Redaction{SecurityCodes: 1}},
	{name: "CÓDIGO DE VERIFICACIÓN upper case", in: "CÓDIGO DE VERIFICACIÓN: 4567", want: "CÓDIGO DE VERIFICACIÓN: ***", r: Redaction{SecurityCodes: 1}},
	{name: "cód. verificación", in: "cód. verificación 123", want: "cód. verificación ***", r: Redaction{SecurityCodes: 1}},
	{name: "cod verificacion", in: "cod verificacion: 123", want: "cod verificacion: ***", r: Redaction{SecurityCodes: 1}},
	{name: "código verificación", in: "código verificación 123", want: "código verificación ***", r: Redaction{SecurityCodes: 1}},
	{name: "número de verificación", in: "número de verificación es 123", want: "número de verificación es ***", r: Redaction{SecurityCodes: 1}},
	{name: "código de verificación de la tarjeta", in: "el código de verificación de la tarjeta es 321", want: "el código de verificación de la tarjeta es ***", r: Redaction{SecurityCodes: 1}},
	{name: "verification code", in: "verification code 123", want: "verification code ***", r: Redaction{SecurityCodes: 1}},
	{name: "Verification Code capitalised", in: "Verification Code: 1234", want: "Verification Code: ***", r: Redaction{SecurityCodes: 1}},
	{name: "card verification value", in: "card verification value 123", want: "card verification value ***", r: Redaction{SecurityCodes: 1}},
	{name: "card verification code", in: "card verification code 123", want: "card verification code ***", r: Redaction{SecurityCodes: 1}},
	{name: "card verification number", in: "card verification number is 123", want: "card verification number is ***", r: Redaction{SecurityCodes: 1}},

	// Acronyms of the card security code.
	{name: "CSC", in: "CSC 1234", want: "CSC ***", r: Redaction{SecurityCodes: 1}},
	{name: "csc colon", in: "csc: 123", want: "csc: ***", r: Redaction{SecurityCodes: 1}},
	{name: "CVN", in: "CVN 123", want: "CVN ***", r: Redaction{SecurityCodes: 1}},
	{name: "CVD", in: "CVD 123", want: "CVD ***", r: Redaction{SecurityCodes: 1}},
	{name: "CAV2", in: "CAV2 123", want: "CAV2 ***", r: Redaction{SecurityCodes: 1}},
	{name: "CV2", in: "CV2 123", want: "CV2 ***", r: Redaction{SecurityCodes: 1}},
	{name: "CCV, the usual slip", in: "ccv 123", want: "ccv ***", r: Redaction{SecurityCodes: 1}},
	{name: "c.s.c. dotted", in: "c.s.c. 123", want: "c.s.c. ***", r: Redaction{SecurityCodes: 1}},
	{name: "código CVV colon", in: "código CVV: 123", want: "código CVV: ***", r: Redaction{SecurityCodes: 1}},

	// Described by where it is or how long it is.
	{name: "los 3 dígitos de atrás", in: "los 3 dígitos de atrás son 123", want: "los 3 dígitos de atrás son ***", r: Redaction{SecurityCodes: 1}},
	{name: "the 3 digits on the back", in: "the 3 digits on the back are 123", want: "the 3 digits on the back are ***", r: Redaction{SecurityCodes: 1}},
	{name: "el número de atrás", in: "el número de atrás es 123", want: "el número de atrás es ***", r: Redaction{SecurityCodes: 1}},
	{name: "código de 3 dígitos", in: "código de 3 dígitos 123", want: "código de 3 dígitos ***", r: Redaction{SecurityCodes: 1}},
	{name: "codigo de tres digitos", in: "el codigo de tres digitos: 123", want: "el codigo de tres digitos: ***", r: Redaction{SecurityCodes: 1}},
	{name: "3-digit code", in: "the 3-digit code is 123", want: "the 3-digit code is ***", r: Redaction{SecurityCodes: 1}},
	{name: "dígitos de seguridad", in: "dígitos de seguridad 123", want: "dígitos de seguridad ***", r: Redaction{SecurityCodes: 1}},

	// PINs.
	{name: "security pin", in: "security pin 1234", want: "security pin ****", r: Redaction{PINs: 1}},
	{name: "código secreto", in: "código secreto 1234", want: "código secreto ****", r: Redaction{PINs: 1}},
	{name: "código PIN", in: "Código PIN: 1234", want: "Código PIN: ****", r: Redaction{PINs: 1}},

	// Kept as typed.
	{name: "postcode after código", in: "código postal 64000", want: "código postal 64000"},
	// Verifying an address is no card data: its street number stays.
	{name: "verification of address", in: "verification of address 123 Main St", want: "verification of address 123 Main St"},
	{name: "address verification then street", in: "verificación de domicilio: calle 5 de Mayo 123", want: "verificación de domicilio: calle 5 de Mayo 123"},
	{name: "clave del producto with letters", in: "clave del producto XK7-991-AB", want: "clave del producto XK7-991-AB"},
	// A one-time code sent by SMS has six digits; it is no card data and
	// the code keywords take three or four.
	{name: "six-digit one-time code", in: "código de verificación enviado por SMS: 482913", want: "código de verificación enviado por SMS: 482913"},
	{name: "verification code then amount", in: "verification code sent, refund $123.45 approved", want: "verification code sent, refund $123.45 approved"},
	{name: "verification code then days", in: "el código de verificación vence en 3 días", want: "el código de verificación vence en 3 días"},
	{name: "verification code then a ticket", in: "código de verificación: ver ticket 1234", want: "código de verificación: ver ticket 1234"},
	{name: "clave de seguridad social", in: "clave de seguridad social 123", want: "clave de seguridad social 123"},
	{name: "clave de seguridad then amount", in: "clave de seguridad bloqueada, cargo de $123.45", want: "clave de seguridad bloqueada, cargo de $123.45"},
	{name: "clave de seguridad then a date", in: "clave de seguridad cambiada el 12/03", want: "clave de seguridad cambiada el 12/03"},
	// The last four digits identify a card and PCI DSS lets them be kept.
	{name: "last four digits in Spanish", in: "los últimos 4 dígitos son 4444", want: "los últimos 4 dígitos son 4444"},
	{name: "last four digits in English", in: "last 4 digits 1111", want: "last 4 digits 1111"},
	{name: "3 dígitos alone", in: "pidió 3 dígitos, dio 123 días", want: "pidió 3 dígitos, dio 123 días"},
	{name: "CSC with a ticket", in: "CSC ticket 4521 abierto", want: "CSC ticket 4521 abierto"},
	{name: "cv of a candidate", in: "CV 2024 recibido", want: "CV 2024 recibido"},
	{name: "verification alone", in: "verificación 123 aprobada", want: "verificación 123 aprobada"},
}

func TestRedactKeywordPhrases(t *testing.T) {
	for _, c := range redactKeywordCorpus {
		t.Run(c.name, func(t *testing.T) {
			got, r := Redact(c.in)
			if got != c.want {
				t.Errorf("Redact(%q)\n got  %q\n want %q", c.in, got, c.want)
			}
			if r != c.r {
				t.Errorf("Redact(%q) counts %+v, want %+v", c.in, r, c.r)
			}
			if again, r2 := Redact(got); again != got || r2.Any() {
				t.Errorf("not idempotent: %q -> %q (%+v)", got, again, r2)
			}
		})
	}
}
