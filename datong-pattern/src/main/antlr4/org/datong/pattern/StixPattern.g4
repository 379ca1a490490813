/*
 * The STIX 2.1 patterning language, written from the specification text
 * (STIX 2.1 section 9). Precedence follows section 9.5.3: qualifiers bind
 * tightest, then AND, then OR, then FOLLOWEDBY, all left to right; within an
 * observation expression AND binds tighter than OR (section 9.5).
 *
 * Literals are lexed loosely (any text between the apostrophes) and checked
 * by the AST builder, so a bad hex or timestamp gets a message that says what
 * is wrong with it instead of a bare token error.
 */
grammar StixPattern;

pattern
    : observationExpression EOF
    ;

observationExpression
    : LBRACK comparisonExpression RBRACK                                  # observation
    | LPAREN observationExpression RPAREN                                 # observationGroup
    | observationExpression qualifier                                     # qualified
    | observationExpression AND observationExpression                     # observationAnd
    | observationExpression OR observationExpression                      # observationOr
    | observationExpression FOLLOWEDBY observationExpression              # followedBy
    ;

qualifier
    : WITHIN number SECONDS                                               # within
    | REPEATS IntLiteral TIMES                                            # repeats
    | START TimestampLiteral STOP TimestampLiteral                        # startStop
    ;

number
    : IntLiteral
    | FloatLiteral
    ;

comparisonExpression
    : LPAREN comparisonExpression RPAREN                                  # comparisonGroup
    | propertyTest                                                        # test
    | comparisonExpression AND comparisonExpression                       # comparisonAnd
    | comparisonExpression OR comparisonExpression                        # comparisonOr
    ;

propertyTest
    : objectPath NOT? op=(EQ | NEQ | LT | LE | GT | GE) literal           # compare
    | objectPath NOT? IN LPAREN literal (COMMA literal)* RPAREN           # inSet
    | objectPath NOT? op=(LIKE | MATCHES | ISSUBSET | ISSUPERSET) literal # stringTest
    | EXISTS objectPath                                                   # exists
    ;

objectPath
    : objectType COLON propertyName pathStep*
    ;

objectType
    : Identifier
    | HyphenatedIdentifier
    ;

propertyName
    : Identifier
    | StringLiteral
    ;

pathStep
    : DOT propertyName                                                    # member
    | LBRACK IntLiteral RBRACK                                            # index
    | LBRACK ASTERISK RBRACK                                              # anyIndex
    ;

literal
    : StringLiteral
    | IntLiteral
    | FloatLiteral
    | BoolLiteral
    | BinaryLiteral
    | HexLiteral
    | TimestampLiteral
    ;

// Keywords are upper case, as the specification writes them.
AND        : 'AND';
OR         : 'OR';
NOT        : 'NOT';
FOLLOWEDBY : 'FOLLOWEDBY';
LIKE       : 'LIKE';
MATCHES    : 'MATCHES';
ISSUBSET   : 'ISSUBSET';
ISSUPERSET : 'ISSUPERSET';
IN         : 'IN';
EXISTS     : 'EXISTS';
WITHIN     : 'WITHIN';
SECONDS    : 'SECONDS';
REPEATS    : 'REPEATS';
TIMES      : 'TIMES';
START      : 'START';
STOP       : 'STOP';

BoolLiteral      : 'true' | 'false';
TimestampLiteral : 't\'' ~['\\]* '\'';
BinaryLiteral    : 'b\'' ~['\\]* '\'';
HexLiteral       : 'h\'' ~['\\]* '\'';
StringLiteral    : '\'' ( '\\' . | ~['\\] )* '\'';

FloatLiteral : '-'? [0-9]* '.' [0-9]+;
IntLiteral   : '-'? [0-9]+;

Identifier           : [a-zA-Z_] [a-zA-Z0-9_]*;
HyphenatedIdentifier : [a-zA-Z_] [a-zA-Z0-9_-]*;

EQ       : '=';
NEQ      : '!=';
LE       : '<=';
LT       : '<';
GE       : '>=';
GT       : '>';
LBRACK   : '[';
RBRACK   : ']';
LPAREN   : '(';
RPAREN   : ')';
COLON    : ':';
DOT      : '.';
COMMA    : ',';
ASTERISK : '*';

WS : [\p{White_Space}]+ -> skip;

// Anything else is an error the parser reports with its position.
UNEXPECTED : . ;
